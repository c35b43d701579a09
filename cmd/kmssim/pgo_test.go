package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime/pprof"
	"slices"
	"strings"
	"testing"
)

var updatePGO = flag.Bool("update-pgo", false, "rewrite default.pgo from a CPU profile of the workloads it is for")

// pgoWorkloads are the runs that default.pgo profiles, the ones that
// docs/performance.md measures: a central world of a million clients on
// one core, a million clients in branch offices on every core, a sweep
// of small runs and replications of one site.
var pgoWorkloads = [][]string{
	{"run", "-format", "json", "-parallel", "1", "../../testdata/bench-1m-central.yaml"},
	{"run", "-format", "json", "../../testdata/bench-1m.yaml"},
	{"sweep", "-format", "json", "-progress", "never", "-replications", "100", "laptop-retirement"},
	{"run", "-format", "json", "-progress", "never", "-replications", "200", "decommissioning-trap"},
}

// module is the import path of this module, the prefix of its functions'
// names in a profile.
const module = "github.com/kmssim/kmssim/"

// The build's profile (default.pgo, which go build, go run and go test
// of this command use) is a CPU profile of kmssim itself: with
// -update-pgo, this test runs the workloads under the profiler and
// rewrites it. Otherwise it checks that the profile is still one of this
// code: every function of the module it names still exists (a function
// renamed or removed since leaves the compiler nothing to match), and it
// names the loops that matter.
func TestProfileGuided(t *testing.T) {
	if *updatePGO {
		writeProfile(t)
	}
	data, err := os.ReadFile("default.pgo")
	if err != nil {
		t.Fatal(err)
	}
	names, err := profileStrings(data)
	if err != nil {
		t.Fatalf("default.pgo: %v", err)
	}
	declared := map[string]bool{}
	for _, n := range names {
		if !strings.HasPrefix(n, module) {
			continue
		}
		pkg, fn, ok := splitFuncName(strings.TrimPrefix(n, module))
		if !ok {
			t.Errorf("default.pgo names %q, which is not a function name", n)
			continue
		}
		if _, seen := declared[pkg+"."]; !seen {
			for name := range declaredFuncs(t, filepath.Join("..", "..", pkg)) {
				declared[pkg+"."+name] = true
			}
			declared[pkg+"."] = true
		}
		if !declared[pkg+"."+fn] {
			t.Errorf("default.pgo names %s, which no longer exists: rewrite it with go test ./cmd/kmssim -run TestProfileGuided -update-pgo", n)
		}
	}
	for _, hot := range []string{"sim.(*world).attempt", "sim/engine.(*Sim).runWheel", "sim/engine.(*calendar).next"} {
		if !slices.Contains(names, module+hot) {
			t.Errorf("default.pgo does not name %s: its workloads miss what matters", hot)
		}
	}
}

// writeProfile runs pgoWorkloads under the CPU profiler and writes the
// profile to default.pgo.
func writeProfile(t *testing.T) {
	var buf bytes.Buffer
	if err := pprof.StartCPUProfile(&buf); err != nil {
		t.Fatal(err)
	}
	for _, args := range pgoWorkloads {
		args = append([]string{args[0], "-out", t.TempDir()}, args[1:]...)
		if code, _, stderr := kmssim(t, args...); code != exitOK {
			pprof.StopCPUProfile()
			t.Fatalf("kmssim %s: exit %d\n%s", strings.Join(args, " "), code, stderr)
		}
	}
	pprof.StopCPUProfile()
	if err := os.WriteFile("default.pgo", buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// profileStrings returns the string table of a gzipped pprof profile
// (field 6 of the Profile message), which holds every function name.
func profileStrings(data []byte) ([]string, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	var out []string
	for len(raw) > 0 {
		key, n := binary.Uvarint(raw)
		if n <= 0 {
			return nil, errors.New("bad field key")
		}
		raw = raw[n:]
		switch key & 7 {
		case 0: // varint
			if _, n = binary.Uvarint(raw); n <= 0 {
				return nil, errors.New("bad varint")
			}
			raw = raw[n:]
		case 1: // 64-bit
			if len(raw) < 8 {
				return nil, errors.New("short field")
			}
			raw = raw[8:]
		case 2: // length-delimited
			size, n := binary.Uvarint(raw)
			if n <= 0 || size > uint64(len(raw)-n) {
				return nil, errors.New("bad length")
			}
			if key>>3 == 6 {
				out = append(out, string(raw[n:n+int(size)]))
			}
			raw = raw[n+int(size):]
		case 5: // 32-bit
			if len(raw) < 4 {
				return nil, errors.New("short field")
			}
			raw = raw[4:]
		default:
			return nil, fmt.Errorf("wire type %d", key&7)
		}
	}
	return out, nil
}

// closureRE is what the compiler appends to the name of a closure or of
// a go statement's wrapper (F.func1, F.gowrap2.1), methodRE a method of
// a pointer receiver at the end of a name, and nameRE a name's parts.
var (
	closureRE = regexp.MustCompile(`(\.(func|gowrap)[0-9]+)(\.[0-9]+)*$`)
	methodRE  = regexp.MustCompile(`\(\*([A-Za-z0-9_]+)\)\.([A-Za-z0-9_]+)$`)
	pkgRE     = regexp.MustCompile(`^[a-z0-9_]+(/[a-z0-9_]+)*$`)
	nameRE    = regexp.MustCompile(`^[A-Za-z0-9_]+$`)
)

// splitFuncName splits a function's name in a profile, after the module's
// prefix, into its package's directory and its name as declared: "F" or
// "T.M". Type arguments and shapes ([...]) are left out; a closure stands
// for the function it is in, and a closure inlined into another function
// (F.(*T).M.func1) for the last.
func splitFuncName(s string) (pkg, fn string, ok bool) {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '[':
			depth++
		case r == ']':
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	if depth != 0 {
		return "", "", false
	}
	s = b.String()
	for closureRE.MatchString(s) {
		s = closureRE.ReplaceAllString(s, "")
	}
	slash := strings.LastIndex(s, "/")
	dot := strings.Index(s[slash+1:], ".")
	if dot < 0 {
		return "", "", false
	}
	pkg, rest := s[:slash+1+dot], s[slash+1+dot+1:]
	if !pkgRE.MatchString(pkg) {
		return "", "", false
	}
	if m := methodRE.FindStringSubmatch(rest); m != nil {
		return pkg, m[1] + "." + m[2], true
	}
	parts := strings.Split(rest, ".")
	for _, p := range parts {
		if !nameRE.MatchString(p) {
			return "", "", false
		}
	}
	if len(parts) > 2 {
		parts = parts[len(parts)-2:]
	}
	return pkg, strings.Join(parts, "."), true
}

// declaredFuncs returns the functions and methods ("F", "T.M") declared
// in the Go files of dir, tests included (the profile is made by one).
func declaredFuncs(t *testing.T, dir string) map[string]bool {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	fset := token.NewFileSet()
	for _, f := range files {
		file, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range file.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok {
				continue
			}
			name := fd.Name.Name
			if fd.Recv != nil && len(fd.Recv.List) == 1 {
				name = recvName(fd.Recv.List[0].Type) + "." + name
			}
			out[name] = true
		}
	}
	return out
}

// recvName is the name of a receiver's type: T for T, *T, T[P] and *T[P].
func recvName(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.StarExpr:
		return recvName(x.X)
	case *ast.IndexExpr:
		return recvName(x.X)
	case *ast.IndexListExpr:
		return recvName(x.X)
	case *ast.Ident:
		return x.Name
	}
	return ""
}

func TestSplitFuncName(t *testing.T) {
	for _, c := range []struct{ in, pkg, fn string }{
		{"sim.(*world).attempt", "sim", "world.attempt"},
		{"sim/engine.(*Sim).runWheel", "sim/engine", "Sim.runWheel"},
		{"sim.RunContext.func1", "sim", "RunContext"},
		{"sim/batch.runAll.func1.2", "sim/batch", "runAll"},
		{"sim.(*world).act.gowrap1", "sim", "world.act"},
		{"sim.State.String", "sim", "State.String"},
		{"sim.merge[...]", "sim", "merge"},
		{"sim.(*ring[...]).push", "sim", "ring.push"},
		{"sim.grow[go.shape.struct { At github.com/kmssim/kmssim/sim/engine.Time; To github.com/kmssim/kmssim/sim.State }]", "sim", "grow"},
		{"sim.build.(*builder).site.func1", "sim", "builder.site"},
		{"sim.grow[go.shape.int", "", ""},
		{"cmd/kmssim.run", "cmd/kmssim", "run"},
		{"/work/main/sim/client.go", "", ""},
	} {
		pkg, fn, ok := splitFuncName(c.in)
		if pkg != c.pkg || fn != c.fn || ok != (c.fn != "") {
			t.Errorf("splitFuncName(%q) = %q, %q, %v; want %q, %q", c.in, pkg, fn, ok, c.pkg, c.fn)
		}
	}
}
