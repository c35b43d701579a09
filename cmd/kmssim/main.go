// Command kmssim simulates KMS volume activation for capacity planning.
//
// Usage:
//
//	kmssim run [flags] [scenario.yaml | built-in name]
//	kmssim sweep [flags] [scenario.yaml | built-in name]
//	kmssim merge [flags] part.json...
//	kmssim seek [flags] PATH [scenario.yaml | built-in name]
//	kmssim sensitivity [flags] [scenario.yaml | built-in name]
//	kmssim compare [flags] A [B]
//	kmssim paths [scenario.yaml | built-in name]
//	kmssim check [-junit FILE] [scenario.yaml | built-in name]...
//	kmssim import [flags] -o DIR export...
//	kmssim backtest [flags] export...
//	kmssim validate scenario.yaml...
//	kmssim schema
//	kmssim list
//	kmssim version
//
// Exit status: 0 on success, 1 when a scenario is invalid, a run fails or
// an expectation fails, 2 on a usage error, 130 when interrupted (SIGINT,
// Ctrl-C) and 143 when terminated (SIGTERM).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/scenarios/words"
)

// Exit codes.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
	// A signal's interruption exits with 128 + the signal (interrupted).
)

const usage = `kmssim simulates KMS volume activation: hosts, clients, DNS and the counts
that decide whether machines stay activated.

Usage:

  kmssim run [flags] [scenario.yaml | built-in name]
        run a scenario (default: the built-in decommissioning-trap) and
        write its outputs; with -replications N, N runs and their spread
  kmssim sweep [flags] [scenario.yaml | built-in name]
        run every point of a scenario's sweep (or -set PATH=V1,V2,…) with
        its replications and write the table, charts and report
  kmssim merge [flags] part.json...
        combine the partial results of sweep -shard into the outputs a
        single sweep writes
  kmssim seek [flags] PATH [scenario.yaml | built-in name]
        find the largest value of PATH (-smallest: the smallest) at which
        every expectation holds in 95% of the replications; -over for a
        frontier
  kmssim sensitivity [flags] [scenario.yaml | built-in name]
        vary each numeric field low and high and rank the fields by how
        much they move an outcome: a table and a tornado chart
  kmssim compare [flags] A [B]
        set two plans side by side (scenarios, built-in names or folders
        kmssim run wrote; B defaults to A, -set changes B): both verdicts,
        each milestone's difference in days, the counts on one chart
  kmssim paths [scenario.yaml | built-in name]
        list the numeric fields that -set and sweeps address, with values
  kmssim check [-junit FILE] [scenario.yaml | built-in name]...
        run scenarios and check their expectations (default: every
        built-in scenario); exit 1 if any fails
  kmssim import [-dlv FILE]... -o DIR export...
        read KMS hosts' logs (event 12290) and write a scenario that
        starts from the state they tell: hosts' tables, machines' states;
        with -metrics FILE and -warn D, forecast for monitoring
  kmssim backtest [flags] export...
        cut logs that span months at past moments, forecast each cut and
        score the forecasts against what the rest of the logs show
  kmssim validate scenario.yaml...
        check scenario files without running them
  kmssim schema
        print the JSON Schema of the scenario format
  kmssim list
        list the built-in scenarios
  kmssim version
        print the version

Run 'kmssim help COMMAND' (or 'kmssim COMMAND -h') for a command's flags.
`

func main() {
	os.Exit(run(withSignals(context.Background()), os.Args[1:], os.Stdout, os.Stderr))
}

// run dispatches to a subcommand and returns the exit code. The commands
// that simulate or write stop when ctx is done.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	var err error
	switch cmd, rest := args[0], args[1:]; cmd {
	case "run":
		err = runCmd(ctx, rest, stdout, stderr)
	case "sweep":
		err = sweepCmd(ctx, rest, stdout, stderr)
	case "merge":
		err = mergeCmd(ctx, rest, stdout, stderr)
	case "seek":
		err = seekCmd(ctx, rest, stdout, stderr)
	case "sensitivity":
		err = sensitivityCmd(ctx, rest, stdout, stderr)
	case "compare":
		err = compareCmd(ctx, rest, stdout, stderr)
	case "paths":
		err = pathsCmd(rest, stdout, stderr)
	case "check":
		err = checkCmd(ctx, rest, stdout, stderr)
	case "import":
		err = importCmd(ctx, rest, stdout, stderr)
	case "backtest":
		err = backtestCmd(ctx, rest, stdout, stderr)
	case "validate":
		err = validateCmd(rest, stdout, stderr)
	case "schema":
		err = schemaCmd(rest, stdout, stderr)
	case "list":
		err = listCmd(rest, stdout, stderr)
	case "version":
		err = versionCmd(rest, stdout, stderr)
	case "help", "-h", "-help", "--help":
		if cmd == "help" && len(rest) == 1 && slices.Contains(commands, rest[0]) && rest[0] != "help" {
			// help CMD is CMD -h: the command's own flags.
			return run(ctx, []string{rest[0], "-h"}, stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		if best := words.Closest(cmd, commands); best != "" {
			fmt.Fprintf(stderr, "kmssim: unknown command %q; did you mean %q?\n\n%s", cmd, best, usage)
		} else {
			fmt.Fprintf(stderr, "kmssim: unknown command %q\n\n%s", cmd, usage)
		}
		return exitUsage
	}
	return exitCode(err, stderr)
}

// commands are the subcommands, for "did you mean".
var commands = []string{"run", "sweep", "merge", "seek", "sensitivity", "compare", "paths", "check", "import", "backtest", "validate", "schema", "list", "version", "help"}

// errUsage marks an error in how the command was called.
var errUsage = errors.New("usage")

// usageError is an error in the command line: exit code 2. printed is set
// when the flag package has already shown it with the usage.
type usageError struct {
	msg     string
	printed bool
}

func (e *usageError) Error() string { return e.msg }
func (e *usageError) Is(target error) bool {
	return target == errUsage
}

// exitCode prints err, if any, and maps it to an exit code.
func exitCode(err error, stderr io.Writer) int {
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case interruptStatus(err) != 0:
		fmt.Fprintf(stderr, "kmssim: %v\n", err)
		return interruptStatus(err)
	case errors.Is(err, errUsage):
		var ue *usageError
		if !errors.As(err, &ue) || !ue.printed {
			fmt.Fprintf(stderr, "kmssim: %v\n", err)
		}
		return exitUsage
	default:
		fmt.Fprintf(stderr, "kmssim: %v\n", err)
		return exitFail
	}
}

// parseFlags parses args with fs, allowing flags after positional
// arguments (kmssim run file.yaml -out dir), and returns the positional
// ones. A flag error is a usage error; -h is flag.ErrHelp.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	if err := unknownFlag(fs, args); err != nil {
		return nil, err
	}
	var pos []string
	usage, out := fs.Usage, fs.Output()
	// Help and errors are printed below, each its own way: an error with
	// the prefix of every other kmssim error, then its flag's line.
	fs.Usage = func() {}
	fs.SetOutput(io.Discard)
	defer func() { fs.Usage = usage; fs.SetOutput(out) }()
	for {
		if err := fs.Parse(args); err != nil {
			fs.SetOutput(out)
			if errors.Is(err, flag.ErrHelp) {
				usage()
				return nil, err
			}
			fmt.Fprintf(out, "kmssim: %v\n", err)
			flagLine(fs, err)
			return nil, &usageError{msg: err.Error(), printed: true}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// unknownFlag returns a usage error, with the flag that was probably
// meant, for the first flag in args that fs does not define.
func unknownFlag(fs *flag.FlagSet, args []string) error {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return nil
		}
		name, ok := strings.CutPrefix(a, "-")
		if !ok || name == "" {
			continue
		}
		name = strings.TrimPrefix(name, "-")
		name, _, hasValue := strings.Cut(name, "=")
		if name == "h" || name == "help" {
			continue
		}
		if f := fs.Lookup(name); f != nil {
			if b, ok := f.Value.(interface{ IsBoolFlag() bool }); !hasValue && !(ok && b.IsBoolFlag()) {
				i++ // its value, which may start with '-': -tz -05:00
			}
			continue
		}
		var known []string
		fs.VisitAll(func(f *flag.Flag) { known = append(known, f.Name) })
		msg := fmt.Sprintf("%s: unknown flag -%s", fs.Name(), name)
		if best := words.Closest(name, known); best != "" {
			msg += fmt.Sprintf("; did you mean -%s?", best)
		}
		return &usageError{msg: msg + fmt.Sprintf(" (kmssim %s -h lists them)", fs.Name())}
	}
	return nil
}

// newFlagSet returns a FlagSet that reports errors instead of exiting. Its
// help (-h) goes to stdout, where | grep and | less find it; a flag's
// error goes to stderr with that flag's line only (see parseFlags).
func newFlagSet(name, synopsis string, stdout, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		out := fs.Output()
		fs.SetOutput(stdout)
		defer fs.SetOutput(out)
		fmt.Fprintf(stdout, "Usage: kmssim %s\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// flagLine prints the help of the one flag that err, a flag package error
// such as `invalid value "x" for flag -parallel: …`, is about, and says
// how to list them all: a mistyped value should not bury its own line
// under thirty others.
func flagLine(fs *flag.FlagSet, err error) {
	w := fs.Output()
	m := flagInError.FindStringSubmatch(err.Error())
	if m != nil {
		if f := fs.Lookup(m[1]); f != nil {
			one := flag.NewFlagSet(fs.Name(), flag.ContinueOnError)
			one.SetOutput(w)
			one.Var(f.Value, f.Name, f.Usage)
			one.Lookup(f.Name).DefValue = f.DefValue
			one.PrintDefaults()
		}
	}
	fmt.Fprintf(w, "Run 'kmssim %s -h' for all its flags.\n", fs.Name())
}

// flagInError finds the flag a flag package error names.
var flagInError = regexp.MustCompile(`(?:flag|argument):? -([A-Za-z0-9_-]+)`)

// durationFlag reads the value of flag -name as a positive duration, or
// returns a usage error that says why it is none: a unit it lacks, a
// length past 100 years, or 0 (then with example).
func durationFlag(name, value, example string) (scenarios.Duration, error) {
	d, err := scenarios.ParseDuration(value)
	switch {
	case err != nil:
		return 0, &usageError{msg: fmt.Sprintf("-%s: %v", name, err)}
	case d <= 0:
		return 0, &usageError{msg: fmt.Sprintf("-%s %q: want a duration above 0, such as %s", name, value, example)}
	}
	return d, nil
}
