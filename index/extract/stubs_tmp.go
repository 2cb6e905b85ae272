package extract

func readPDF(data []byte) (*reading, error)             { return nil, ErrBadFile }
func readOFD(data []byte) (*reading, error)             { return nil, ErrBadFile }
func readLegacy(name string, data []byte) (*reading, error) { return nil, ErrBadFile }
