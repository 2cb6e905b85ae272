package extract

import (
	"sync"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// commonHanSet is the first level of GB 2312 (rows 16–55): the 3,755 Han
// characters of everyday Chinese, as a bit set over the CJK Unified
// Ideographs block. It is built from x/text's GBK table on first use and
// never changes.
var commonHanSet = sync.OnceValue(func() []uint64 {
	set := make([]uint64, (0x9FFF-0x4E00)/64+1)
	dec := simplifiedchinese.GBK.NewDecoder()
	for hi := 0xB0; hi <= 0xD7; hi++ {
		for lo := 0xA1; lo <= 0xFE; lo++ {
			s, err := dec.Bytes([]byte{byte(hi), byte(lo)})
			if err != nil {
				continue
			}
			for _, r := range string(s) {
				if r >= 0x4E00 && r <= 0x9FFF {
					set[(r-0x4E00)/64] |= 1 << ((r - 0x4E00) % 64)
				}
			}
		}
	}
	return set
})

// commonHan reports whether r is one of GB 2312's first-level characters.
func commonHan(r rune) bool {
	if r < 0x4E00 || r > 0x9FFF {
		return false
	}
	return commonHanSet()[(r-0x4E00)/64]&(1<<((r-0x4E00)%64)) != 0
}
