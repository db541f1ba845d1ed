package server

import (
	"net/http"
	"strings"
)

// openAPI describes every route from the route table, so the document can
// never fall behind the code.
func (s *Server) openAPI() map[string]any {
	paths := map[string]any{}
	for _, rt := range s.routes {
		var params []map[string]any
		for _, seg := range strings.Split(rt.Pattern, "/") {
			if strings.HasPrefix(seg, "{") {
				name := strings.Trim(seg, "{}.")
				params = append(params, map[string]any{"name": name, "in": "path", "required": true,
					"schema": map[string]string{"type": "string"}})
			}
		}
		for _, p := range rt.Params {
			params = append(params, map[string]any{"name": p, "in": "query", "schema": map[string]string{"type": "string"}})
		}
		if rt.People {
			params = append(params, map[string]any{"name": purposeHeader, "in": "header", "required": true,
				"description": "the case id or reason for this consultation; it is logged",
				"schema":      map[string]string{"type": "string"}})
		}
		role := rt.Role
		if role == "" {
			role = RoleAnalyst
		}
		op := map[string]any{"summary": rt.Summary, "parameters": params,
			"security":      []map[string][]string{{"bearer": {}}},
			"x-mosaic-role": role, "x-mosaic-logged": rt.People,
			"responses": map[string]any{
				"200": map[string]string{"description": "OK (JSON)"},
				"400": map[string]string{"description": "bad request, or no purpose given"},
				"401": map[string]string{"description": "missing or unknown token"},
				"404": map[string]string{"description": "not found or not visible to you (indistinguishable)"},
				"429": map[string]string{"description": "rate limited"},
			}}
		item, _ := paths[rt.Pattern].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[rt.Pattern] = item
		}
		item[strings.ToLower(rt.Method)] = op
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{"title": "Mosaic API", "version": "1",
			"description": "Every read is filtered by the caller's authorisations; routes marked x-mosaic-logged need a purpose and are written to the consultation log."},
		"components": map[string]any{"securitySchemes": map[string]any{
			"bearer": map[string]string{"type": "http", "scheme": "bearer"}}},
		"paths": paths,
	}
}

func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.openAPI())
}
