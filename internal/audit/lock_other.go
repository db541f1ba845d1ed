//go:build !unix

package audit

import "os"

// Without flock, nothing keeps a second writer out: run one writer per log.
func lockFile(f *os.File) error { return nil }

func isLocked(path string) bool { return false }
