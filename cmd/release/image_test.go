package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var linuxPlatforms = []platform{{"linux", "amd64"}, {"linux", "arm64"}}

// testImage writes the image of fake Linux binaries into dir/oci and
// returns the binaries' bytes by platform.
func testImage(t *testing.T, src source, dir string) map[platform][]byte {
	t.Helper()
	bins, data := map[platform]string{}, map[platform][]byte{}
	for _, p := range linuxPlatforms {
		bins[p] = fakeBinary(t, p)
		data[p], _ = os.ReadFile(bins[p])
	}
	if err := writeImage(filepath.Join(dir, imageDir), src, bins); err != nil {
		t.Fatal(err)
	}
	return data
}

// readBlob reads the blob d points at in the layout dir and checks that
// its size and digest are d's.
func readBlob(t *testing.T, dir string, d descriptor) []byte {
	t.Helper()
	hex, ok := strings.CutPrefix(d.Digest, "sha256:")
	if !ok {
		t.Fatalf("digest %q is not sha256", d.Digest)
	}
	data, err := os.ReadFile(filepath.Join(dir, "blobs", "sha256", hex))
	if err != nil {
		t.Fatal(err)
	}
	if sha256Hex(data) != hex || int64(len(data)) != d.Size {
		t.Errorf("blob %s: %d bytes of digest sha256:%s, want %d", d.Digest, len(data), sha256Hex(data), d.Size)
	}
	return data
}

func decode(t *testing.T, data []byte, v any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%v: %s", err, data)
	}
}

// The image layout parses, from index.json through the image index and
// each platform's manifest to its config and layer; every digest and size
// is its blob's; the config runs /kmssim as 65532:65532 in /out; the
// layer holds the binary and /out owned by that user; the same input
// gives the same bytes.
func TestImage(t *testing.T) {
	src := testSource(t)
	dir := t.TempDir()
	bins := testImage(t, src, dir)
	layout := filepath.Join(dir, imageDir)

	if data, _ := os.ReadFile(filepath.Join(layout, "oci-layout")); string(data) != `{"imageLayoutVersion":"1.0.0"}` {
		t.Errorf("oci-layout = %q", data)
	}
	data, err := os.ReadFile(filepath.Join(layout, "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	var top index
	decode(t, data, &top)
	if len(top.Manifests) != 1 || top.Manifests[0].MediaType != mediaTypeIndex ||
		top.Manifests[0].Annotations["org.opencontainers.image.ref.name"] != src.Version {
		t.Fatalf("index.json = %s, want one image index named %s", data, src.Version)
	}
	var idx index
	decode(t, readBlob(t, layout, top.Manifests[0]), &idx)
	used := []string{top.Manifests[0].Digest}
	if len(idx.Manifests) != len(linuxPlatforms) {
		t.Fatalf("the image index has %d manifests, want %d", len(idx.Manifests), len(linuxPlatforms))
	}
	for i, d := range idx.Manifests {
		p := linuxPlatforms[i]
		if d.MediaType != mediaTypeManifest || d.Platform == nil || d.Platform.OS != p.OS || d.Platform.Architecture != p.Arch {
			t.Errorf("manifest %d: %+v, want one of %s", i, d, p)
			continue
		}
		var m manifest
		decode(t, readBlob(t, layout, d), &m)
		if m.Config.MediaType != mediaTypeConfig || len(m.Layers) != 1 || m.Layers[0].MediaType != mediaTypeLayer {
			t.Fatalf("%s: manifest %+v", p, m)
		}
		var c imageConfig
		decode(t, readBlob(t, layout, m.Config), &c)
		if c.OS != p.OS || c.Architecture != p.Arch || c.Config.User != "65532:65532" || c.Config.WorkingDir != "/out" ||
			!slices.Equal(c.Config.Entrypoint, []string{"/kmssim"}) || c.Created != "2027-01-04T09:30:00Z" {
			t.Errorf("%s: config %+v", p, c)
		}
		layer := readBlob(t, layout, m.Layers[0])
		used = append(used, d.Digest, m.Config.Digest, m.Layers[0].Digest)
		zr, err := gzip.NewReader(bytes.NewReader(layer))
		if err != nil {
			t.Fatal(err)
		}
		if zr.Name != "" || !zr.ModTime.IsZero() {
			t.Errorf("%s: the layer's gzip header has name %q and time %v, want neither", p, zr.Name, zr.ModTime)
		}
		layerTar, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"sha256:" + sha256Hex(layerTar)}; !slices.Equal(c.RootFS.DiffIDs, want) {
			t.Errorf("%s: diff_ids %v, want %v", p, c.RootFS.DiffIDs, want)
		}
		tr := tar.NewReader(bytes.NewReader(layerTar))
		var entries []string
		for {
			h, err := tr.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(tr)
			entries = append(entries, h.Name)
			switch h.Name {
			case "kmssim":
				if h.Mode != 0o755 || h.Uid != 0 || !bytes.Equal(body, bins[p]) {
					t.Errorf("%s: /kmssim mode %o, owner %d, %d bytes; want 755, root, the binary", p, h.Mode, h.Uid, len(body))
				}
			case "out/":
				if h.Typeflag != tar.TypeDir || h.Uid != imageUID || h.Gid != imageUID || h.Mode != 0o755 {
					t.Errorf("%s: /out is type %c, owner %d:%d, mode %o; want a folder of 65532:65532, 755", p, h.Typeflag, h.Uid, h.Gid, h.Mode)
				}
			}
		}
		if !slices.Equal(entries, []string{"kmssim", "out/"}) {
			t.Errorf("%s: the layer holds %q, want kmssim and out/", p, entries)
		}
	}
	blobs, _ := filepath.Glob(filepath.Join(layout, "blobs", "sha256", "*"))
	if len(blobs) != len(used) {
		t.Errorf("%d blobs, %d of them referenced", len(blobs), len(used))
	}

	again := t.TempDir()
	testImage(t, src, again)
	sameTree(t, tree(t, dir), tree(t, again))
}

// skopeo returns the path of skopeo, skipping the test without it
// outside CI; in CI (CI set) its absence fails the test, since .ci/run
// installs it.
func skopeo(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("skopeo")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI is set but skopeo is not installed (.ci/run installs Debian's skopeo)")
		}
		t.Skip("skopeo is not installed (apt-get install skopeo)")
	}
	return path
}

// An independent tool, Debian's skopeo, reads the image as kmssim's
// image of each platform: its architecture, OS, entrypoint, user,
// working folder and layer digests, and the image index's digest (which
// skopeo reports for the image it picked from the index).
func TestSkopeoInspect(t *testing.T) {
	bin := skopeo(t)
	s := testSource(t)
	dir := t.TempDir()
	testImage(t, s, dir)
	layout := filepath.Join(dir, imageDir)
	var top, idx index
	data, _ := os.ReadFile(filepath.Join(layout, "index.json"))
	decode(t, data, &top)
	decode(t, readBlob(t, layout, top.Manifests[0]), &idx)
	for i, p := range linuxPlatforms {
		var m manifest
		decode(t, readBlob(t, layout, idx.Manifests[i]), &m)
		ref := "oci:" + layout + ":" + s.Version
		inspect := func(args ...string) []byte {
			args = append([]string{"--override-os", p.OS, "--override-arch", p.Arch, "inspect"}, args...)
			out, err := exec.Command(bin, append(args, ref)...).Output()
			if err != nil {
				t.Fatalf("skopeo %s: %v\n%s", strings.Join(args, " "), err, errText(err))
			}
			return out
		}
		var info struct {
			Digest       string
			Architecture string
			Os           string
			Layers       []string
		}
		if err := json.Unmarshal(inspect(), &info); err != nil {
			t.Fatal(err)
		}
		if info.Architecture != p.Arch || info.Os != p.OS || info.Digest != top.Manifests[0].Digest ||
			!slices.Equal(info.Layers, []string{m.Layers[0].Digest}) {
			t.Errorf("%s: skopeo inspect says %+v; want the index %s and the layer %s", p, info, top.Manifests[0].Digest, m.Layers[0].Digest)
		}
		var c struct {
			Config struct {
				User       string
				Entrypoint []string
				WorkingDir string
			} `json:"config"`
		}
		if err := json.Unmarshal(inspect("--config"), &c); err != nil {
			t.Fatal(err)
		}
		if c.Config.User != "65532:65532" || !slices.Equal(c.Config.Entrypoint, []string{"/kmssim"}) || c.Config.WorkingDir != "/out" {
			t.Errorf("%s: skopeo inspect --config says %+v", p, c.Config)
		}
		if testing.Verbose() {
			t.Logf("skopeo inspect %s (%s):\n%s", ref, p, inspect())
		}
	}
}

// errText returns the standard error of a failed command.
func errText(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return ""
}

// The commands of docs/batches.md that push the image and load it into a
// local cluster run against a release's image: skopeo copies it to an
// OCI layout in place of the registry, and to a docker archive that
// stand-ins for kind and k3s check names the image by its version.
func TestDocsImageCommands(t *testing.T) {
	skopeo(t)
	data, err := os.ReadFile("../../docs/batches.md")
	if err != nil {
		t.Fatal(err)
	}
	var script string
	for _, b := range strings.Split(string(data), "```sh\n")[1:] {
		if text, _, _ := strings.Cut(b, "```"); strings.Contains(text, "skopeo copy") {
			script = text
		}
	}
	if !strings.Contains(script, "docker://registry.example/kmssim:") || !strings.Contains(script, "kind load") || !strings.Contains(script, "k3s ctr images import") {
		t.Fatalf("docs/batches.md has no block that pushes the image and loads it into kind and k3s:\n%s", script)
	}
	dir := t.TempDir()
	src := testSource(t)
	testImage(t, src, filepath.Join(dir, "out", "release"))
	if err := os.WriteFile(filepath.Join(dir, "out", "release", versionFile), []byte(src.Version+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, ".bin")
	check := `[ "${*:1:$#-1}" = "$WANT" ] || { echo "$0 $*: want $WANT FILE" >&2; exit 1; }
f=${!#}
tar -xOf "$f" manifest.json | grep -q '"registry.example/kmssim:` + src.Version + `"' || { echo "$f does not name registry.example/kmssim:` + src.Version + `" >&2; exit 1; }
echo "$0 $*" >>"` + filepath.Join(dir, "loaded") + `"
`
	for name, text := range map[string]string{
		"kind": "WANT='load image-archive'\n" + check,
		"k3s":  "WANT='ctr images import'\n" + check,
		"sudo": `exec "$@"` + "\n",
	} {
		if err := os.MkdirAll(bin, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(bin, name), []byte("#!/bin/bash\n"+text), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	script = strings.ReplaceAll(script, "docker://registry.example/kmssim:", "oci:pushed:")
	cmd := exec.Command("bash", "-e", "-c", script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s\n%s", err, script, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "pushed", "index.json")); err != nil {
		t.Errorf("skopeo copy pushed no image: %v", err)
	}
	if loaded, _ := os.ReadFile(filepath.Join(dir, "loaded")); strings.Count(string(loaded), "\n") != 2 {
		t.Errorf("loaded into %q, want kind and k3s", loaded)
	}
}
