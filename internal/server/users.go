package server

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/mosaichq/mosaic/internal/model"
	"github.com/mosaichq/mosaic/internal/store"
)

// Roles, from least to most trusted. Supervisors also read the
// consultation log; admins also manage users.
const (
	RoleAnalyst    = "analyst"
	RoleSupervisor = "supervisor"
	RoleAdmin      = "admin"
)

func roleRank(r string) int {
	switch r {
	case RoleAnalyst:
		return 1
	case RoleSupervisor:
		return 2
	case RoleAdmin:
		return 3
	}
	return 0
}

// User is an account. The token is never stored, only its SHA-256.
type User struct {
	Name      string    `json:"name"`
	Role      string    `json:"role"`
	Auths     []string  `json:"auths"`
	TokenHash string    `json:"token_hash"`
	Created   time.Time `json:"created"`
	Disabled  bool      `json:"disabled,omitempty"`

	viewer *model.Viewer // set for users served from the cache
}

// Viewer is the user as a reader of labelled data.
func (u *User) Viewer() *model.Viewer {
	if u.viewer != nil {
		return u.viewer
	}
	return model.NewViewer(u.Name, model.NewAuths(u.Auths...))
}

const userDoc = "user"

var userName = regexp.MustCompile(`^[a-zA-Z0-9._@-]{1,64}$`)

// AddUser creates a user and returns its API token (shown once).
func AddUser(ctx context.Context, b store.Backend, name, role string, auths []string) (string, error) {
	if !userName.MatchString(name) {
		return "", fmt.Errorf("user name %q: use letters, digits and . _ @ -", name)
	}
	if roleRank(role) == 0 {
		return "", fmt.Errorf("role %q: want analyst, supervisor or admin", role)
	}
	for _, a := range auths {
		if a == "*" {
			return "", errors.New("a user's authorisations must be listed; * is only for the local CLI")
		}
		if _, err := model.ParseLabel(a); err != nil || strings.ContainsAny(a, "&|()") {
			return "", fmt.Errorf("authorisation %q: want a single term", a)
		}
	}
	if _, err := b.GetDoc(ctx, userDoc, name); err == nil {
		return "", fmt.Errorf("user %s already exists", name)
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	token := "mos_" + base64.RawURLEncoding.EncodeToString(raw)
	u := User{Name: name, Role: role, Auths: auths, TokenHash: hashToken(token), Created: time.Now().UTC()}
	body, _ := json.Marshal(u)
	if err := b.PutDoc(ctx, userDoc, name, body); err != nil {
		return "", err
	}
	return token, nil
}

func hashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}

// ListUsers returns every user.
func ListUsers(ctx context.Context, b store.Backend) ([]User, error) {
	var out []User
	err := b.ScanDocs(ctx, userDoc, "", func(id string, body []byte) error {
		var u User
		if err := json.Unmarshal(body, &u); err != nil {
			return err
		}
		out = append(out, u)
		return nil
	})
	return out, err
}

// userCache answers token lookups without a store read per request, and
// without a lock every request queues on: lookups read a published map;
// one request at a time reloads it.
type userCache struct {
	b      store.Backend
	reload sync.Mutex // held by the request reloading the users
	mu     sync.RWMutex
	loaded time.Time
	byHash map[string]*User // replaced whole, never changed once published
}

// lookup finds the user holding token, refreshing from the store at most
// every few seconds so new users and revocations take effect quickly.
func (c *userCache) lookup(ctx context.Context, token string, now time.Time) (*User, error) {
	h := hashToken(token)
	c.mu.RLock()
	u, known := c.byHash[h]
	loaded, empty := c.loaded, c.byHash == nil
	c.mu.RUnlock()
	switch {
	case empty || (!known && now.Sub(loaded) > time.Second):
		// A token not in the cache may belong to a user added a moment
		// ago: reload, but at most once a second so that unknown tokens
		// cannot make every request read the store.
		c.reload.Lock()
		err := c.refresh(ctx, now, time.Second)
		c.reload.Unlock()
		if err != nil {
			return nil, err
		}
	case now.Sub(loaded) > 5*time.Second:
		// Stale but known: one request refreshes, the others go on with
		// what they have (a revocation takes effect within seconds).
		if c.reload.TryLock() {
			err := c.refresh(ctx, now, 5*time.Second)
			c.reload.Unlock()
			if err != nil {
				return nil, err
			}
		}
	}
	c.mu.RLock()
	u = c.byHash[h]
	c.mu.RUnlock()
	// Lookup by hash: timing reveals nothing about any stored token.
	if u != nil && !u.Disabled {
		return u, nil
	}
	return nil, nil
}

// refresh reloads the users unless another request did so within maxAge.
// The caller holds c.reload.
func (c *userCache) refresh(ctx context.Context, now time.Time, maxAge time.Duration) error {
	c.mu.RLock()
	fresh := c.byHash != nil && now.Sub(c.loaded) <= maxAge
	c.mu.RUnlock()
	if fresh {
		return nil
	}
	users, err := ListUsers(ctx, c.b)
	if err != nil {
		return err
	}
	m := make(map[string]*User, len(users))
	for i := range users {
		u := &users[i]
		// One viewer per user for as long as this map lives: its label
		// decisions are cached across the user's requests.
		u.viewer = model.NewViewer(u.Name, model.NewAuths(u.Auths...))
		m[u.TokenHash] = u
	}
	c.mu.Lock()
	c.byHash, c.loaded = m, now
	c.mu.Unlock()
	return nil
}
