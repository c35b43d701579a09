package main

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// The OCI image's media types (OCI image spec v1.1).
const (
	mediaTypeIndex    = "application/vnd.oci.image.index.v1+json"
	mediaTypeManifest = "application/vnd.oci.image.manifest.v1+json"
	mediaTypeConfig   = "application/vnd.oci.image.config.v1+json"
	mediaTypeLayer    = "application/vnd.oci.image.layer.v1.tar+gzip"
)

// The image's user, as uid:gid: not root, the "nonroot" user of
// distroless images, which needs no /etc/passwd.
const (
	imageUID  = 65532
	imageUser = "65532:65532"
	// imageWorkDir is the working folder, where kmssim writes out/…;
	// the user owns it.
	imageWorkDir = "/out"
)

// descriptor points at a blob of the layout (OCI's Descriptor).
type descriptor struct {
	MediaType   string            `json:"mediaType"`
	Digest      string            `json:"digest"`
	Size        int64             `json:"size"`
	Platform    *imagePlatform    `json:"platform,omitempty"`
	Annotations map[string]string `json:"annotations,omitempty"`
}

// imagePlatform is the platform of a manifest in an index.
type imagePlatform struct {
	Architecture string `json:"architecture"`
	OS           string `json:"os"`
	Variant      string `json:"variant,omitempty"`
}

// index is an image index: index.json, and the blob that lists one
// manifest a platform.
type index struct {
	SchemaVersion int               `json:"schemaVersion"`
	MediaType     string            `json:"mediaType"`
	Manifests     []descriptor      `json:"manifests"`
	Annotations   map[string]string `json:"annotations,omitempty"`
}

// manifest is an image manifest: its config and its one layer.
type manifest struct {
	SchemaVersion int               `json:"schemaVersion"`
	MediaType     string            `json:"mediaType"`
	Config        descriptor        `json:"config"`
	Layers        []descriptor      `json:"layers"`
	Annotations   map[string]string `json:"annotations,omitempty"`
}

// imageConfig is an image's configuration, the fields kmssim's image
// sets.
type imageConfig struct {
	Created      string `json:"created"`
	Architecture string `json:"architecture"`
	OS           string `json:"os"`
	Variant      string `json:"variant,omitempty"`
	Config       struct {
		User       string            `json:"User"`
		Entrypoint []string          `json:"Entrypoint"`
		WorkingDir string            `json:"WorkingDir"`
		Labels     map[string]string `json:"Labels,omitempty"`
	} `json:"config"`
	RootFS struct {
		Type    string   `json:"type"`
		DiffIDs []string `json:"diff_ids"`
	} `json:"rootfs"`
	History []history `json:"history"`
}

// history says how a layer was made.
type history struct {
	Created   string `json:"created"`
	CreatedBy string `json:"created_by"`
}

// layout writes the blobs of an OCI image layout.
type layout struct {
	dir string
}

// blob writes data as a blob and returns its descriptor.
func (l layout) blob(mediaType string, data []byte) (descriptor, error) {
	d := descriptor{MediaType: mediaType, Digest: "sha256:" + sha256Hex(data), Size: int64(len(data))}
	return d, os.WriteFile(filepath.Join(l.dir, "blobs", "sha256", sha256Hex(data)), data, 0o644)
}

// jsonBlob writes v, as JSON, as a blob.
func (l layout) jsonBlob(mediaType string, v any) (descriptor, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return descriptor{}, err
	}
	return l.blob(mediaType, data)
}

// writeImage writes to dir an OCI image layout (oci-layout, index.json,
// blobs/sha256/) of kmssim on an empty base: for each Linux binary of
// bins, a manifest with one layer that holds /kmssim and the folder /out
// owned by the image's user, and a config that runs /kmssim as that user
// in /out. index.json names, under the release's version, an image index
// of those manifests, from which a tool takes the one of its platform.
// Timestamps are the commit's and the gzip headers have none, so the same
// commit gives the same bytes.
func writeImage(dir string, src source, bins map[platform]string) error {
	l := layout{dir}
	if err := os.MkdirAll(filepath.Join(dir, "blobs", "sha256"), 0o755); err != nil {
		return err
	}
	created := src.Time.UTC().Format(time.RFC3339)
	annotations := map[string]string{
		"org.opencontainers.image.version":  src.Version,
		"org.opencontainers.image.revision": src.Commit,
		"org.opencontainers.image.created":  created,
		"org.opencontainers.image.title":    "kmssim",
	}
	var ps []platform
	for p := range bins {
		ps = append(ps, p)
	}
	slices.SortFunc(ps, func(a, b platform) int {
		return slices.Index(allPlatforms, a) - slices.Index(allPlatforms, b)
	})
	var manifests []descriptor
	for _, p := range ps {
		bin, err := os.ReadFile(bins[p])
		if err != nil {
			return err
		}
		layerTar, err := tarBytes([]entry{
			{Name: "kmssim", Mode: 0o755, Data: bin},
			{Name: "out/", Mode: fs.ModeDir | 0o755, UID: imageUID, GID: imageUID},
		}, src.Time)
		if err != nil {
			return err
		}
		layerGz, err := gzipBytes(layerTar)
		if err != nil {
			return err
		}
		layer, err := l.blob(mediaTypeLayer, layerGz)
		if err != nil {
			return err
		}
		var c imageConfig
		c.Created, c.Architecture, c.OS = created, p.Arch, p.OS
		if p.Arch == "arm64" {
			c.Variant = "v8"
		}
		c.Config.User = imageUser
		c.Config.Entrypoint = []string{"/kmssim"}
		c.Config.WorkingDir = imageWorkDir
		c.Config.Labels = annotations
		c.RootFS.Type = "layers"
		c.RootFS.DiffIDs = []string{"sha256:" + sha256Hex(layerTar)}
		c.History = append(c.History, history{created, "go run ./cmd/release: kmssim " + src.Version + " for " + p.String()})
		config, err := l.jsonBlob(mediaTypeConfig, c)
		if err != nil {
			return err
		}
		m, err := l.jsonBlob(mediaTypeManifest, manifest{SchemaVersion: 2, MediaType: mediaTypeManifest,
			Config: config, Layers: []descriptor{layer}, Annotations: annotations})
		if err != nil {
			return err
		}
		m.Platform = &imagePlatform{Architecture: c.Architecture, OS: c.OS, Variant: c.Variant}
		manifests = append(manifests, m)
	}
	idx, err := l.jsonBlob(mediaTypeIndex, index{SchemaVersion: 2, MediaType: mediaTypeIndex,
		Manifests: manifests, Annotations: annotations})
	if err != nil {
		return err
	}
	idx.Annotations = map[string]string{"org.opencontainers.image.ref.name": src.Version}
	top, err := json.Marshal(index{SchemaVersion: 2, MediaType: mediaTypeIndex, Manifests: []descriptor{idx}})
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "index.json"), top, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "oci-layout"), []byte(`{"imageLayoutVersion":"1.0.0"}`), 0o644)
}
