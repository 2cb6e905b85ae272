package main

import (
	"math"
	"slices"
)

// ungraded marks a paragraph in a run that has no grade: it scores as 0 in
// the run and is left out of the ideal ranking.
const ungraded = -1

// reciprocalRank is 1/r for the first r (from 1) within the top k where hit
// is true, or 0 when there is none.
func reciprocalRank(hit []bool, k int) float64 {
	for i, h := range hit[:min(k, len(hit))] {
		if h {
			return 1 / float64(i+1)
		}
	}
	return 0
}

// dcg is the discounted cumulative gain of the top k grades: the sum of
// grade / log2(rank+1), linear gain as trec_eval's ndcg_cut computes it.
// Ungraded and negative entries count 0.
func dcg(grades []int, k int) float64 {
	sum := 0.0
	for i, g := range grades[:min(k, len(grades))] {
		if g > 0 {
			sum += float64(g) / math.Log2(float64(i+2))
		}
	}
	return sum
}

// ndcg is the run's DCG@k over the ideal DCG@k: that of all known grades of
// the query sorted best first. ok is false when no known grade is above 0,
// so that nothing could be found and the query has no nDCG.
func ndcg(run, known []int, k int) (v float64, ok bool) {
	ideal := slices.Clone(known)
	slices.SortFunc(ideal, func(a, b int) int { return b - a })
	best := dcg(ideal, k)
	if best == 0 {
		return 0, false
	}
	return dcg(run, k) / best, true
}

// relevantGrade is the least grade that counts as relevant for precision.
const relevantGrade = 2

// precision is the share of the top k places holding a grade of at least
// relevantGrade; places a run leaves empty count as not relevant.
func precision(run []int, k int) float64 {
	n := 0
	for _, g := range run[:min(k, len(run))] {
		if g >= relevantGrade {
			n++
		}
	}
	return float64(n) / float64(k)
}

// mean is the arithmetic mean of v, 0 for none.
func mean(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	sum := 0.0
	for _, x := range v {
		sum += x
	}
	return sum / float64(len(v))
}
