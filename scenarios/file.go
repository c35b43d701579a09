package scenarios

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
)

// The files kmssim reads (scenarios, inventories, the parts of a sweep) are
// read by ReadFile, which refuses what is not a file and what is too large
// before it costs anything.
var (
	// ErrDirectory: the path is a directory.
	ErrDirectory = errors.New("is a directory")
	// ErrNotRegular: the path is a device, a FIFO or a socket.
	ErrNotRegular = errors.New("is not a regular file")
)

// TooLargeError reports a file of more than the limit a reader allows.
type TooLargeError struct {
	Size  int64 // the file's size; more than Limit
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("is %s, more than %s", sizeString(e.Size), sizeString(e.Limit))
}

// ReadFile reads the regular file at path, of at most limit bytes. It
// looks before it opens, since opening a FIFO waits for a writer, and reads
// through the limit, so that /dev/zero or a file that grows while read
// cannot run away. It returns ErrDirectory, ErrNotRegular or a
// *TooLargeError for what it refuses.
func ReadFile(path string, limit int64) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := fileKind(info, limit); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info, err = f.Stat(); err != nil {
		return nil, err
	} else if err := fileKind(info, limit); err != nil {
		return nil, err // replaced between the look and the open
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, &TooLargeError{Size: int64(len(data)), Limit: limit}
	}
	return data, nil
}

// fileKind refuses what info says is not a regular file of at most limit
// bytes.
func fileKind(info os.FileInfo, limit int64) error {
	switch {
	case info.IsDir():
		return ErrDirectory
	case !info.Mode().IsRegular():
		return ErrNotRegular
	case info.Size() > limit:
		return &TooLargeError{Size: info.Size(), Limit: limit}
	}
	return nil
}

// OpenFile opens the regular file at path for a reader that streams it,
// such as kmssim import's: it refuses what is not a regular file before
// opening it, as ReadFile does, but sets no size limit.
func OpenFile(path string) (*os.File, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := fileKind(info, math.MaxInt64); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	if info, err = f.Stat(); err == nil {
		err = fileKind(info, math.MaxInt64)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}
