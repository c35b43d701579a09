package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/kmssim/kmssim/scenarios/schematest"
)

// jobSchema returns the JSON Schema of a Kubernetes batch/v1 Job from the
// API's OpenAPI schema kept in testdata/k8s, made as strict as kubectl
// apply's default field validation: an object refuses fields it does not
// define.
func jobSchema(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile("../../testdata/k8s/batch-v1-openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Components struct {
			Schemas map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(data, &spec); err != nil {
		t.Fatal(err)
	}
	var strict func(v any)
	strict = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if _, ok := v["properties"]; ok {
				if _, ok := v["additionalProperties"]; !ok {
					v["additionalProperties"] = false
				}
			}
			for _, x := range v {
				strict(x)
			}
		case []any:
			for _, x := range v {
				strict(x)
			}
		}
	}
	strict(spec.Components.Schemas)
	schema, err := json.Marshal(map[string]any{
		"$ref":       "#/components/schemas/io.k8s.api.batch.v1.Job",
		"components": map[string]any{"schemas": spec.Components.Schemas},
	})
	if err != nil {
		t.Fatal(err)
	}
	return schema
}

// The docs' Kubernetes Job is a valid batch/v1 Job by the API's own
// OpenAPI schema, and the check can fail: a misspelt field, a count
// written as a string and a container without a name are each refused.
func TestDocsJobValid(t *testing.T) {
	data, err := os.ReadFile("../../docs/jobs/laptop-sweep.yaml")
	if err != nil {
		t.Fatal(err)
	}
	decode := func(src string) any {
		var v any
		if err := yaml.Unmarshal([]byte(src), &v); err != nil {
			t.Fatalf("docs/jobs/laptop-sweep.yaml: %v", err)
		}
		return v
	}
	job := string(data)
	docs := []any{decode(job)}
	broken := []struct{ old, new, path string }{
		{"completionMode: Indexed", "completionmode: Indexed", "[spec]"},
		{"completions: 8", `completions: "8"`, "[spec completions]"},
		{"- name: kmssim", "- nombre: kmssim", "[spec template spec containers 0]"},
	}
	for _, b := range broken {
		if !strings.Contains(job, b.old) {
			t.Fatalf("the Job has no %q to break", b.old)
		}
		docs = append(docs, decode(strings.Replace(job, b.old, b.new, 1)))
	}
	errs := schematest.Errors(t, jobSchema(t), docs)
	if len(errs[0]) > 0 {
		t.Errorf("docs/jobs/laptop-sweep.yaml is not a valid batch/v1 Job: errors at %v", errs[0])
	}
	for i, b := range broken {
		found := false
		for _, p := range errs[i+1] {
			found = found || fmt.Sprint(p) == b.path
		}
		if !found {
			t.Errorf("with %q the Job has errors at %v, want one at %s", b.new, errs[i+1], b.path)
		}
	}
}

// container is the part of a Job's container the docs test reads.
type container struct {
	Image   string   `yaml:"image"`
	Command []string `yaml:"command"`
	Args    []string `yaml:"args"`
}

// jobContainer returns the first container of the Job in b.
func jobContainer(t *testing.T, b block) container {
	t.Helper()
	var job struct {
		Spec struct {
			Template struct {
				Spec struct {
					Containers []container `yaml:"containers"`
				} `yaml:"spec"`
			} `yaml:"template"`
		} `yaml:"spec"`
	}
	if err := yaml.Unmarshal([]byte(b.text), &job); err != nil || len(job.Spec.Template.Spec.Containers) == 0 {
		t.Fatalf("%s: no container in the Job: %v", b, err)
	}
	return job.Spec.Template.Spec.Containers[0]
}
