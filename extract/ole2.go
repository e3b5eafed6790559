package extract

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/richardlehane/mscfb"
	"github.com/xuri/excelize/v2"
)

// oleMagic starts every OLE2 compound file: a legacy .xls workbook, and a password-protected
// .xlsx, whose zip package ECMA-376 encryption wraps in a compound file.
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// The ways a workbook that is not a plain zip package is refused.
var (
	errEncrypted   = errors.New("encrypted workbook: export it without a password, or pass --password-env VAR")
	errBadPassword = errors.New("encrypted workbook: the password given does not open it")
	errLegacyXLS   = errors.New(".xls is not supported: save as .xlsx")
)

// oleEncrypted reports whether a compound file is an encrypted OOXML package (it holds an
// "EncryptionInfo" stream) rather than a legacy .xls workbook.
func oleEncrypted(ra io.ReaderAt) (enc bool, err error) {
	defer func() {
		if p := recover(); p != nil {
			enc, err = false, fmt.Errorf("malformed compound file: %v", p)
		}
	}()
	doc, err := mscfb.New(ra)
	if err != nil {
		return false, fmt.Errorf("malformed compound file: %v", err)
	}
	for _, f := range doc.File {
		if f.Name == "EncryptionInfo" {
			return true, nil
		}
	}
	return false, nil
}

// decryptPackage opens an encrypted OOXML package with a password and returns the zip inside.
// excelize decrypts agile (Office 2010 and later) and standard encryption, and refuses a file
// asking for more than 10,000,000 password hashing rounds (Office writes 100,000); a wrong
// password does not fail there but yields bytes that are not a zip, which is how it is told.
func decryptPackage(raw []byte, password string) (data []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			data, err = nil, errBadPassword
		}
	}()
	data, err = excelize.Decrypt(raw, &excelize.Options{Password: password})
	switch {
	case errors.Is(err, excelize.ErrMaxSpinCount):
		return nil, errors.New("encrypted workbook: it asks for more than 10000000 password hashing rounds")
	case err != nil || !bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return nil, errBadPassword
	}
	return data, nil
}
