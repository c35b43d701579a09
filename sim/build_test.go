package sim

import "testing"

// grow sizes an empty list exactly, keeps what a list holds, and grows a
// list step by step in O(log n) copies, as append does.
func TestGrow(t *testing.T) {
	if s := grow([]int32(nil), 1000); len(s) != 0 || cap(s) != 1000 {
		t.Fatalf("grow(nil, 1000): len %d, cap %d; want 0, 1000", len(s), cap(s))
	}
	if s := grow(make([]int32, 0, 600), 1000); cap(s) != 1000 {
		t.Fatalf("grow(empty of capacity 600, 1000): cap %d, want 1000", cap(s))
	}
	var s []int32
	copies := 0
	for i := range int32(100_000) {
		before := cap(s)
		s = grow(s, 1)
		if cap(s) != before {
			copies++
		}
		s = append(s, i)
	}
	for i, v := range s {
		if v != int32(i) {
			t.Fatalf("s[%d] = %d after growing", i, v)
		}
	}
	if copies > 20 {
		t.Errorf("100,000 appends one at a time copied the list %d times, want at most 20", copies)
	}
}
