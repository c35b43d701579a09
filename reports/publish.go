package reports

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kmssim/kmssim/scenarios/words"
)

// Manifest is the file, in every output directory, that lists the files
// kmssim wrote there.
const Manifest = ".kmssim"

// ErrForeignFiles is returned when an output directory holds files that
// kmssim did not write.
var ErrForeignFiles = errors.New("holds files kmssim did not write")

// useExchange is whether swap tries exchange; the tests turn it off to
// test the renames.
var useExchange = true

// errNoExchange is exchange's answer where the system cannot swap two
// paths at once.
var errNoExchange = errors.New("no atomic exchange here")

// outFile is one file of an output directory: its content, rendered in
// memory, or a function that writes it straight into the file. The second
// is for files too large to hold in memory as well (series.csv of a large
// run in its long form is hundreds of megabytes).
type outFile struct {
	name  string
	data  []byte
	write func(w io.Writer) error // if set, data is unused
}

// writeTo writes f's content to w, through a buffer when f writes itself.
func (f outFile) writeTo(w io.Writer) error {
	if f.write == nil {
		_, err := w.Write(f.data)
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	if err := f.write(bw); err != nil {
		return err
	}
	return bw.Flush()
}

// create writes f into a new file at path, readable by everyone as any
// file a program writes.
func (f outFile) create(path string) error {
	file, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if err := f.writeTo(file); err != nil {
		file.Close()
		return err
	}
	return file.Close()
}

// File is a file to publish: its name in the directory and its content.
type File struct {
	Name string
	Data []byte
}

// Publish writes files into dir as one unit, as WriteFiles writes a
// run's outputs: a reader finds the previous complete set or the new one,
// and a directory that holds files kmssim did not write is refused unless
// force is set. It returns the paths written. When ctx is done before the
// new set takes the place of the previous one, dir stays as it was and
// Publish returns context.Cause(ctx).
func Publish(ctx context.Context, dir string, files []File, force bool) ([]string, error) {
	out := make([]outFile, len(files))
	for i, f := range files {
		out[i] = outFile{name: f.Name, data: f.Data}
	}
	return publish(ctx, dir, out, force)
}

// publish writes files into dir as one unit: into a new hidden directory
// beside it first, which then takes dir's place (the previous dir moves
// aside and is removed). With force, into a dir that holds files kmssim
// did not write, each file is replaced on its own instead and the others
// are left alone.
//
// While it writes, it holds a lock on the directory that holds dir, so
// that a second kmssim writing there waits for it instead of mixing the
// two or losing one result without a word (writing takes seconds; the
// runs themselves go on at once); and, holding it, it removes what a run
// killed outright (SIGKILL) left beside dir. A dir
// that is a symbolic link is followed: the outputs go where it points,
// and the link stays.
//
// It looks at ctx before each file and before the swap, and returns
// context.Cause(ctx), having changed nothing, if ctx is done. Once the
// swap has begun, it completes.
func publish(ctx context.Context, dir string, files []outFile, force bool) ([]string, error) {
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.name
	}
	if info, err := os.Lstat(dir); err == nil && info.Mode()&os.ModeSymlink != 0 {
		target, err := filepath.EvalSymlinks(dir)
		if err != nil {
			return nil, fmt.Errorf("output directory %s: %w", dir, err)
		}
		paths, err := publish(ctx, target, files, force)
		for i := range paths {
			paths[i] = filepath.Join(dir, filepath.Base(paths[i]))
		}
		return paths, err
	}
	unlock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if ctx.Err() != nil {
		return nil, context.Cause(ctx)
	}
	foreign, err := foreignFiles(dir)
	if err != nil {
		return nil, err
	}
	if edited := editedFiles(dir); len(edited) > 0 && !force {
		// A file kmssim wrote and someone changed since, such as the
		// scenario an import wrote, edited in place as its docs say.
		return nil, fmt.Errorf("output directory %s: %s changed since kmssim wrote %s: choose another -out, or add -force to replace %s", dir, someNames(edited), words.Choose(len(edited), "it", "them"), words.Choose(len(edited), "it", "them"))
	}
	if len(foreign) > 0 {
		if !force {
			return nil, fmt.Errorf("output directory %s %w (%s): choose another -out, or add -force to write beside them", dir, ErrForeignFiles, someNames(foreign))
		}
		return publishInPlace(dir, files)
	}

	parent, base := filepath.Split(filepath.Clean(dir))
	if parent == "" {
		parent = "."
	}
	if base == "." || base == ".." || base == string(filepath.Separator) {
		return publishInPlace(dir, files) // nothing to swap
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("output directory: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".tmp-")
	if err != nil {
		return nil, fmt.Errorf("output directory: %w", err)
	}
	defer os.RemoveAll(tmp) // a no-op once renamed
	for _, f := range slices.Concat(files, []outFile{{name: Manifest, data: manifest(files)}}) {
		if ctx.Err() != nil {
			return nil, context.Cause(ctx)
		}
		if err := f.create(filepath.Join(tmp, f.name)); err != nil {
			return nil, fmt.Errorf("write %s: %w", filepath.Join(dir, f.name), err)
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, fmt.Errorf("output directory: %w", err)
	}
	if ctx.Err() != nil {
		return nil, context.Cause(ctx)
	}

	if err := swap(tmp, dir, parent, base); err != nil {
		return nil, err
	}
	paths := make([]string, len(names))
	for i, n := range names {
		paths[i] = filepath.Join(dir, n)
	}
	return paths, nil
}

// swap puts tmp in dir's place. Where the system can (Linux), it is one
// exchange: a reader finds dir at every moment, the previous set or the
// new one, and the previous set, now at tmp, is removed. Elsewhere it is
// two renames (dir aside, tmp in place), between which dir is missing for
// a moment. Neither is interrupted by a signal (kmssim keeps its handlers
// until it exits); if the process is killed between the two renames, the
// next run into dir puts the previous outputs back (cleanStrays), and a
// killed exchange leaves only a .tmp- stray behind the new set.
func swap(tmp, dir, parent, base string) error {
	_, err := os.Stat(dir)
	if err == nil {
		err = errNoExchange
		if useExchange {
			err = exchange(tmp, dir)
		}
		if err == nil {
			removeAll(tmp)
			return nil
		}
		if !errors.Is(err, errNoExchange) {
			return fmt.Errorf("output directory: %w", err)
		}
		old := filepath.Join(parent, "."+base+".old-"+filepath.Base(tmp)[len(base)+6:])
		if err := os.Rename(dir, old); err != nil {
			return fmt.Errorf("output directory: %w", err)
		}
		if err := os.Rename(tmp, dir); err != nil {
			os.Rename(old, dir) // put the previous outputs back
			return fmt.Errorf("output directory: %w", err)
		}
		removeAll(old)
		return nil
	}
	if err := os.Rename(tmp, dir); err != nil {
		return fmt.Errorf("output directory: %w", err)
	}
	return nil
}

// publishInPlace replaces each file atomically in dir, beside files kmssim
// did not write.
func publishInPlace(dir string, files []outFile) ([]string, error) {
	var paths []string
	for _, f := range slices.Concat(files, []outFile{{name: Manifest, data: manifest(files)}}) {
		path := filepath.Join(dir, f.name)
		if err := writeAtomic(path, f); err != nil {
			return paths, err
		}
		if f.name != Manifest {
			paths = append(paths, path)
		}
	}
	return paths, nil
}

// someNames lists a few of names, and how many there are when that is
// more: a folder such as /proc/sys/kernel holds about 150 entries.
func someNames(names []string) string {
	const few = 5
	if len(names) <= few {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%d entries: %s, …", len(names), strings.Join(names[:few], ", "))
}

// manifest lists the files written: a line each, its name, and for a
// file rendered in memory (the small ones a user may edit: an import's
// scenario.yaml) a tab and the CRC-32C of its content, by which the next
// publish tells an edited file (editedFiles). Files written as they are
// made (hundreds of megabytes) are listed by name only.
func manifest(files []outFile) []byte {
	var b strings.Builder
	b.WriteString("# files written by kmssim\n")
	for _, f := range files {
		b.WriteString(f.name)
		if f.write == nil {
			b.WriteString("\t" + checksum(f.data))
		}
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

// castagnoli is the CRC-32C table: in hardware on amd64 and arm64.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// checksum is a file's checksum as the manifest writes it: crc32c:hex.
func checksum(data []byte) string {
	return fmt.Sprintf("crc32c:%08x", crc32.Checksum(data, castagnoli))
}

// manifestLines returns the names the manifest of dir lists, each with
// its checksum ("" where it has none), or nil when dir has none.
func manifestLines(dir string) map[string]string {
	data, err := os.ReadFile(filepath.Join(dir, Manifest))
	if err != nil {
		return nil
	}
	lines := map[string]string{}
	for _, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, sum, _ := strings.Cut(line, "\t")
		lines[name] = sum
	}
	return lines
}

// editedFiles lists the files of dir whose content no longer has the
// checksum its manifest gives: changed since kmssim wrote them.
func editedFiles(dir string) []string {
	var edited []string
	for name, sum := range manifestLines(dir) {
		if sum == "" {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err == nil && sum != checksum(data) {
			edited = append(edited, name)
		}
	}
	slices.Sort(edited)
	return edited
}

// foreignFiles lists the entries of dir that kmssim did not write: all of
// them if dir has no manifest, else those the manifest does not name.
func foreignFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("output directory: %w", err)
	}
	ours := manifestLines(dir)
	var foreign []string
	for _, e := range entries {
		if _, ok := ours[e.Name()]; !ok && e.Name() != Manifest {
			foreign = append(foreign, e.Name())
		}
	}
	slices.Sort(foreign)
	return foreign, nil
}

// lockDir takes the lock of the directory that holds output directory
// dir, creating it if needed, waiting for another kmssim that holds it;
// removes what a killed run left beside dir; and returns the function
// that releases the lock.
func lockDir(dir string) (unlock func(), err error) {
	parent, base := filepath.Split(filepath.Clean(dir))
	if parent == "" {
		parent = "."
	}
	if base == "." || base == ".." || base == string(filepath.Separator) {
		return func() {}, nil // no name to lock beside
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("output directory: %w", err)
	}
	f, err := os.Open(parent)
	if err != nil {
		return nil, fmt.Errorf("output directory %s: %w", dir, err)
	}
	if err := lockFile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("output directory %s: cannot lock %s: %w", dir, parent, err)
	}
	cleanStrays(parent, base, dir)
	return func() {
		unlockFile(f)
		f.Close()
	}, nil
}

// cleanStrays removes the hidden directories a run into dir left when it
// was killed outright, which only the lock's holder may do: the outputs in
// the making (.NAME.tmp-*) go; the previous outputs moved aside
// (.NAME.old-*) go back in place if dir is missing, else go.
func cleanStrays(parent, base, dir string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		switch {
		case strings.HasPrefix(name, "."+base+".tmp-"):
			removeAll(filepath.Join(parent, name))
		case strings.HasPrefix(name, "."+base+".old-"):
			if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
				os.Rename(filepath.Join(parent, name), dir)
			} else {
				removeAll(filepath.Join(parent, name))
			}
		}
	}
}

// removeAll removes path and what it holds, read-only directories
// included: a read-only output directory moved aside must not stay as a
// stray.
func removeAll(path string) {
	if os.RemoveAll(path) == nil {
		return
	}
	filepath.WalkDir(path, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			os.Chmod(p, 0o755)
		}
		return nil
	})
	os.RemoveAll(path)
}
