package server

import (
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/mosaichq/mosaic/internal/ingest"
	"github.com/mosaichq/mosaic/internal/ingest/lists"
	"github.com/mosaichq/mosaic/internal/model"
)

// handleIngest takes an upload and ingests it as one transaction. The
// response is sent only after the transaction is durable: an acknowledged
// upload is never lost, and because statement ids are content hashes a
// retried upload is never duplicated.
//
// Two shapes:
//   - multipart/form-data with a part "mapping" (FtM mapping YAML) and one
//     part per source file, named as the mapping's csv_url/jsonl_url names it;
//   - ?format=ftm with a body of FtM entities as JSON lines and ?dataset=.
//
// A caller may only write labels they could read back.
func (s *Server) handleIngest(w http.ResponseWriter, r *http.Request, c *Call) error {
	q := r.URL.Query()
	var label *string
	if q.Has("label") {
		l := q.Get("label")
		if _, err := model.ParseLabel(l); err != nil {
			return errorf(http.StatusBadRequest, "label: %v", err)
		}
		if !c.View.CanSee(l) {
			return errorf(http.StatusForbidden, "you may not write data labelled %q: you could not read it back", l)
		}
		label = &l
	}
	dir, err := os.MkdirTemp("", "mosaic-upload-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	var records []string
	var summary map[string]any
	if q.Get("format") == "ftm" {
		summary, records, err = s.ingestFtM(r, c, label)
	} else {
		summary, records, err = s.ingestMapping(r, c, dir, label)
	}
	if err != nil {
		return err
	}
	// Resolve the new records against what is known (when resolution has
	// run before); the data is already committed whatever happens here.
	if st, err := s.resolveState(r.Context()); err == nil && len(records) > 0 {
		if res, err := st.Add(context.WithoutCancel(r.Context()), records); err == nil {
			summary["resolved"] = res.Records
		} else {
			summary["resolve_error"] = "new records will be resolved at the next mosaic resolve"
			s.log.Error("incremental resolution after upload", "err", err)
		}
	}
	s.indexRecords(r.Context(), records)
	s.invalidate()
	c.Records = append(c.Records, records...)
	writeJSON(w, http.StatusOK, summary)
	return nil
}

func (s *Server) ingestMapping(r *http.Request, c *Call, dir string, label *string) (map[string]any, []string, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, nil, errorf(http.StatusBadRequest, "send multipart/form-data with a 'mapping' part and the source files, or ?format=ftm")
	}
	var mappingPath string
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, errorf(http.StatusBadRequest, "reading upload: %v", err)
		}
		if err := savePart(part, dir, &mappingPath); err != nil {
			return nil, nil, err
		}
	}
	if mappingPath == "" {
		return nil, nil, errorf(http.StatusBadRequest, "no 'mapping' part in the upload")
	}
	m, err := ingest.LoadMapping(mappingPath)
	if err != nil {
		return nil, nil, errorf(http.StatusBadRequest, "%s", strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), ""))
	}
	for _, ds := range m.Datasets {
		if label == nil && !c.View.CanSee(ds.Label) {
			return nil, nil, errorf(http.StatusForbidden, "dataset %s is labelled %q, which you could not read back", ds.Name, ds.Label)
		}
		for _, qu := range ds.Queries {
			// Uploads may only read files they brought.
			if rel, err := filepath.Rel(dir, qu.Path); err != nil || strings.HasPrefix(rel, "..") {
				return nil, nil, errorf(http.StatusBadRequest, "dataset %s reads %s, which is not part of the upload", ds.Name, filepath.Base(qu.Path))
			}
		}
	}
	var records []string
	seen := map[string]bool{}
	sum, err := ingest.Run(r.Context(), s.b, []*ingest.Mapping{m}, ingest.Options{Label: label,
		RejectsPath: filepath.Join(dir, "rejects.csv"),
		OnRow: func(q *ingest.Query, line int, get func(string) []string, recs []string) {
			for _, rec := range recs {
				if rec != "" && !seen[rec] {
					seen[rec] = true
					records = append(records, rec)
				}
			}
		}})
	if err != nil {
		return nil, nil, errorf(http.StatusBadRequest, "%s", strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), ""))
	}
	out := map[string]any{"rows": sum.Rows, "statements": sum.Statements, "records": sum.Records,
		"already_present": sum.Skipped, "rejects": sum.Rejects, "seconds": sum.Duration.Seconds()}
	if sum.RejectsPath != "" {
		body, _ := os.ReadFile(sum.RejectsPath)
		out["rejected_rows"] = strings.ReplaceAll(string(body), dir+string(filepath.Separator), "")
	}
	return out, records, nil
}

// savePart writes one uploaded part under dir, refusing path tricks.
func savePart(part *multipart.Part, dir string, mappingPath *string) error {
	defer part.Close()
	name := part.FormName()
	file := filepath.Base(part.FileName())
	if name == "mapping" {
		file = "mapping.yml"
	}
	if file == "" || file == "." || file == ".." || strings.ContainsAny(file, `/\`) {
		return errorf(http.StatusBadRequest, "upload part %q has no usable file name", name)
	}
	path := filepath.Join(dir, file)
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, part); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if name == "mapping" {
		*mappingPath = path
	}
	return nil
}

func (s *Server) ingestFtM(r *http.Request, c *Call, label *string) (map[string]any, []string, error) {
	q := r.URL.Query()
	dataset := q.Get("dataset")
	if dataset == "" {
		return nil, nil, errorf(http.StatusBadRequest, "dataset is required with format=ftm")
	}
	p := ingest.Provenance{Dataset: dataset}
	if label != nil {
		p.Label = *label
	}
	var ents []*model.Entity
	err := lists.StreamFtM(r.Body, "upload", lists.FtMOptions{}, func(e *model.Entity) error {
		ents = append(ents, e)
		return nil
	})
	if err != nil {
		return nil, nil, errorf(http.StatusBadRequest, "%v", err)
	}
	ws, rejects, err := ingest.WriteEntities(r.Context(), s.b, p, "upload", ents)
	if err != nil {
		return nil, nil, errorf(http.StatusBadRequest, "%v", err)
	}
	var records []string
	for _, e := range ents {
		records = append(records, model.RecordID(dataset, e.ID))
	}
	out := map[string]any{"entities": len(ents), "statements": ws.Statements, "records": ws.Records,
		"already_present": ws.Skipped, "rejects": len(rejects)}
	if len(rejects) > 0 {
		var lines []string
		for _, rj := range rejects {
			lines = append(lines, fmt.Sprintf("line %d: %s", rj.Line, rj.Reason))
		}
		out["rejected"] = lines
	}
	return out, records, nil
}
