package discover

import (
	"fmt"
	"sync"
)

// onceLogger forwards each distinct message to logf once: a beacon that
// cannot be sent on some interface fails again every interval, and a log
// line every ten seconds would drown everything else.
type onceLogger struct {
	logf func(string, ...any)
	mu   sync.Mutex
	seen map[string]bool
}

// maxRemembered bounds the memory of logged messages; when full it is
// forgotten, so a message may then be logged once more.
const maxRemembered = 256

func newOnceLogger(logf func(string, ...any)) *onceLogger {
	return &onceLogger{logf: logf, seen: map[string]bool{}}
}

func (l *onceLogger) Printf(format string, args ...any) {
	if l.logf == nil {
		return
	}
	msg := fmt.Sprintf(format, args...)
	l.mu.Lock()
	if l.seen[msg] {
		l.mu.Unlock()
		return
	}
	if len(l.seen) >= maxRemembered {
		clear(l.seen)
	}
	l.seen[msg] = true
	l.mu.Unlock()
	l.logf("%s", msg)
}
