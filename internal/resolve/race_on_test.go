//go:build race

package resolve

// raceEnabled: the race detector changes what allocates.
const raceEnabled = true
