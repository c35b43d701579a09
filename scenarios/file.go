package scenarios

import (
	"errors"
	"fmt"
	"github.com/kmssim/kmssim/scenarios/words"
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
	return fmt.Sprintf("is %s, more than %s", words.Bytes(e.Size), words.Bytes(e.Limit))
}

// ReadFile reads the regular file at path, of at most limit bytes. It
// looks before it opens, since opening a FIFO waits for a writer, and reads
// through the limit, so that /dev/zero or a file that grows while read
// cannot run away. It returns ErrDirectory, ErrNotRegular or a
// *TooLargeError for what it refuses.
func ReadFile(path string, limit int64) ([]byte, error) {
	r, err := openLimited(path, limit)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

// limited reads a file and fails with a *TooLargeError past its limit: a
// file that grows while it is read cannot run away.
type limited struct {
	f     *os.File
	left  int64 // bytes still allowed
	limit int64
}

func (l *limited) Read(p []byte) (int, error) {
	if l.left < 0 {
		return 0, &TooLargeError{Size: l.limit - l.left, Limit: l.limit}
	}
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.f.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		return n, &TooLargeError{Size: l.limit - l.left, Limit: l.limit}
	}
	return n, err
}

func (l *limited) Close() error { return l.f.Close() }

// openLimited opens the regular file at path, of at most limit bytes, for
// a reader that streams it: it refuses what ReadFile refuses, and its
// reads fail past the limit.
func openLimited(path string, limit int64) (io.ReadCloser, error) {
	f, err := openRegular(path, limit)
	if err != nil {
		return nil, err
	}
	return &limited{f: f, left: limit, limit: limit}, nil
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
func OpenFile(path string) (*os.File, error) { return openRegular(path, math.MaxInt64) }

// openRegular opens the regular file at path, of at most limit bytes when
// opened, looking before it opens and again after.
func openRegular(path string, limit int64) (*os.File, error) {
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
	if info, err = f.Stat(); err == nil {
		err = fileKind(info, limit) // replaced between the look and the open
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}
