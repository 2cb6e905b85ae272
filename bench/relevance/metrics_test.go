package main

import (
	"math"
	"testing"
)

func TestReciprocalRank(t *testing.T) {
	for _, tc := range []struct {
		name string
		hit  []bool
		k    int
		want float64
	}{
		{"first", []bool{true, false}, 10, 1},
		{"third", []bool{false, false, true, true}, 10, 1.0 / 3},
		{"below the cut-off counts nothing", []bool{false, false, true}, 2, 0},
		{"no hits", nil, 10, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := reciprocalRank(tc.hit, tc.k); got != tc.want {
				t.Errorf("reciprocalRank(%v, %d) = %v, want %v", tc.hit, tc.k, got, tc.want)
			}
		})
	}
}

// The nDCG figures are worked out by hand with linear gain and a log2(rank+1)
// discount: 3/log2(3) = 1.89279, 2/log2(4) = 1.
func TestNDCG(t *testing.T) {
	for _, tc := range []struct {
		name       string
		run, known []int
		k          int
		want       float64
		ok         bool
	}{
		{"ideal order", []int{3, 2, 0}, []int{0, 2, 3}, 10, 1, true},
		// DCG 3 + 0 + 1 = 4; ideal 3, 3, 2: 3 + 1.89279 + 1 = 5.89279.
		{"a miss in second place", []int{3, 0, 2}, []int{3, 3, 2, 0}, 10, 4 / 5.89279, true},
		// Ungraded scores 0 in the run and is not in the ideal: 1.89279 / 3.
		{"ungraded first", []int{ungraded, 3}, []int{3}, 10, 1.89279 / 3, true},
		// Only the top 1: 0 / 3.
		{"cut off at k", []int{0, 3}, []int{3, 0}, 1, 0, true},
		{"nothing relevant is known", []int{0, 0}, []int{0, 0}, 10, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := ndcg(tc.run, tc.known, tc.k)
			if ok != tc.ok || math.Abs(got-tc.want) > 1e-5 {
				t.Errorf("ndcg(%v, %v, %d) = %.5f, %v; want %.5f, %v", tc.run, tc.known, tc.k, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestPrecision(t *testing.T) {
	for _, tc := range []struct {
		name string
		run  []int
		want float64
	}{
		{"grades 2 and 3 count", []int{3, 2, 1, ungraded, 2, 3}, 3.0 / 5},
		{"a short run counts its empty places as not relevant", []int{3}, 1.0 / 5},
		{"none", nil, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := precision(tc.run, 5); got != tc.want {
				t.Errorf("precision(%v, 5) = %v, want %v", tc.run, got, tc.want)
			}
		})
	}
}
