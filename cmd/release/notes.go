package main

import (
	"fmt"
	"os/exec"
	"regexp"
	"strings"
)

// commit is one commit of the release notes.
type commit struct {
	Hash    string // abbreviated
	Subject string
}

// kind is the group of a commit in the notes: the prefix of its subject
// before the first colon ("eventlog", "sim/batch", "README, commands"),
// or "other" when the subject has none.
func (c commit) kind() (kind, rest string) {
	prefix, rest, ok := strings.Cut(c.Subject, ": ")
	if !ok || !prefixRE.MatchString(prefix) {
		return "other", c.Subject
	}
	return prefix, rest
}

// prefixRE matches a prefix of a subject: up to three words of a name,
// path or list ("docs/performance", "sim, scenarios", "reports tests").
var prefixRE = regexp.MustCompile(`^[\w./-]+(,? [\w./-]+){0,2}$`)

// releaseNotes asks git for the commits since the last tag before HEAD
// (every commit if there is none) and returns NOTES.md.
func releaseNotes(git gitFunc, src source) (string, error) {
	since := ""
	if tag, err := git("describe", "--tags", "--abbrev=0", "HEAD^"); err == nil {
		since = strings.TrimSpace(tag)
	}
	rng := "HEAD"
	if since != "" {
		rng = since + "..HEAD"
	}
	log, err := git("log", "--no-merges", "--format=%h%x1f%s%x1e", rng)
	if err != nil {
		return "", err
	}
	var commits []commit
	for _, rec := range strings.Split(log, "\x1e") {
		hash, subject, ok := strings.Cut(strings.TrimSpace(rec), "\x1f")
		if ok {
			commits = append(commits, commit{hash, subject})
		}
	}
	goVersion := "the go command"
	cmd := exec.Command("go", "env", "GOVERSION")
	cmd.Dir = src.Dir
	if out, err := cmd.Output(); err == nil {
		goVersion = strings.TrimSpace(string(out))
	}
	return formatNotes(src, since, licence(src), goVersion, commits), nil
}

// formatNotes writes the release notes of src: the commits since the tag
// since ("" for all), newest first, grouped by kind, the groups in the
// order of their newest commit.
func formatNotes(src source, since, licence, goVersion string, commits []commit) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# kmssim %s\n\n", src.Version)
	fmt.Fprintf(&b, "Commit %s of %s, built with %s.\n", src.Commit, src.Time.UTC().Format("2006-01-02"), goVersion)
	if since != "" {
		fmt.Fprintf(&b, "%d changes since %s.\n", len(commits), since)
	} else {
		fmt.Fprintf(&b, "No earlier tag: all %d changes.\n", len(commits))
	}
	b.WriteString("\nEach archive holds kmssim (kmssim.exe for Windows) and README.md")
	if licence != "" {
		fmt.Fprintf(&b, " and %s", licence)
	} else {
		b.WriteString("; the repository has no licence file yet, so no archive holds one")
	}
	b.WriteString(". Check the downloads with `sha256sum -c SHA256SUMS`; the OCI image is in oci/, named by the version.\n")
	var kinds []string
	groups := map[string][]string{}
	for _, c := range commits {
		k, rest := c.kind()
		if groups[k] == nil {
			kinds = append(kinds, k)
		}
		groups[k] = append(groups[k], fmt.Sprintf("- %s (%s)", rest, c.Hash))
	}
	for _, k := range kinds {
		fmt.Fprintf(&b, "\n## %s\n\n%s\n", k, strings.Join(groups[k], "\n"))
	}
	return b.String()
}
