package words_test

import (
	"fmt"

	"github.com/kmssim/kmssim/scenarios/words"
)

func Example() {
	fmt.Println(words.Plural(23, "machine"), "lose activation")
	fmt.Println("count window:", words.Days(14*24*60*60))
	fmt.Println("peak memory:", words.Bytes(20_237_516))
	fmt.Println("held in", words.Percent(0.9626), "of years")
	// Output:
	// 23 machines lose activation
	// count window: 14 days
	// peak memory: 19.3MB
	// held in 96.3% of years
}
