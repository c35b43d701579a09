package scenarios

import (
	"slices"
	"testing"
)

func TestRepeat(t *testing.T) {
	var got []Duration
	for at := range Repeat(30*Day, 0, 100*Day) {
		got = append(got, at)
	}
	if !slices.Equal(got, []Duration{30 * Day, 60 * Day, 90 * Day}) {
		t.Fatalf("Repeat(30d, 0, 100d) = %v", got)
	}
	got = nil
	for at := range Repeat(10*Day, 5*Day, 25*Day) {
		got = append(got, at)
	}
	if !slices.Equal(got, []Duration{5 * Day, 15 * Day, 25 * Day}) {
		t.Fatalf("Repeat(10d, 5d, 25d) = %v", got)
	}
	for range Repeat(0, 0, Day) {
		t.Fatal("Repeat with every 0 yielded")
	}
}
