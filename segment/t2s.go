package segment

//go:generate go run ./internal/t2sgen

// t2sDenseStart and t2sDenseEnd bound t2sDense (see t2s_table.go).
const t2sDenseStart, t2sDenseEnd = 0x3400, 0xA000

// simplified returns the simplified form of a traditional character, or r
// itself.
func simplified(r rune) rune {
	if r < t2sDenseStart {
		return r
	}
	if r < t2sDenseEnd {
		if s := t2sDense[r-t2sDenseStart]; s != 0 {
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
