//go:build unix

package audit

import (
	"errors"
	"os"
	"syscall"
)

// lockFile takes the writer's exclusive lock without waiting. flock locks
// belong to the open file, so they also keep a second FileLog in the same
// process out, and the kernel drops them when the process dies (kill -9).
func lockFile(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
}

// isLocked reports whether a writer holds the log at path.
func isLocked(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return true
	}
	if err == nil {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	}
	return false
}
