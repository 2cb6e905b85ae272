package segment

import "sync"

//go:generate go run ./internal/t2sgen

// t2sDense maps the CJK blocks U+3400–U+9FFF, where almost all traditional
// characters lie, to their simplified forms (0 for none), so that Fold, which
// every indexed and searched rune goes through, looks most characters up in
// one step. It is built from t2sPairs on first use and never changed.
var t2sDense = sync.OnceValue(func() []rune {
	dense := make([]rune, t2sDenseEnd-t2sDenseStart)
	for _, p := range t2sPairs {
		if p[0] >= t2sDenseStart && p[0] < t2sDenseEnd {
			dense[p[0]-t2sDenseStart] = p[1]
		}
	}
	return dense
})

const t2sDenseStart, t2sDenseEnd = 0x3400, 0xA000

// simplified returns the simplified form of a traditional character, or r
// itself.
func simplified(r rune) rune {
	if r < t2sDenseStart {
		return r
	}
	if r < t2sDenseEnd {
		if s := t2sDense()[r-t2sDenseStart]; s != 0 {
			return s
		}
		return r
	}
	lo, hi := 0, len(t2sPairs)
	for lo < hi {
		mid := (lo + hi) / 2
		if t2sPairs[mid][0] < r {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo < len(t2sPairs) && t2sPairs[lo][0] == r {
		return t2sPairs[lo][1]
	}
	return r
}
