package bundle

import (
	"errors"
	"fmt"
	"hash"
	"io"
	"math"
)

// source reads the raw file. It buffers, hashes every byte it hands out
// (lazily, in blocks), never reads past a limit set by the decoder (so it
// never consumes input beyond the part being decoded, and ReadHeader leaves
// the rest of the stream unread), and turns an early end of input into an
// ErrTruncated that says how many bytes were missing.
//
// It implements io.Reader and io.ByteReader, so compress/flate reads the
// compressed body from it byte by byte without reading ahead.
type source struct {
	r      io.Reader
	h      hash.Hash // nil: no hashing
	buf    []byte
	pos    int   // next byte to hand out
	end    int   // end of the data in buf
	stop   int   // min(end, limit's index in buf): bound of the fast path
	hashed int   // buf[:hashed] went into h
	base   int64 // file offset of buf[0]
	limit  int64 // file offset reads stop at
	tail   int64 // bytes the file holds at least after limit
	exact  bool  // tail is exact: the file must end tail bytes after limit
	err    error // sticky error from r
}

func newSource(r io.Reader, h hash.Hash, size int) *source {
	return &source{r: r, h: h, buf: make([]byte, size)}
}

// offset is the file offset of the next byte.
func (s *source) offset() int64 { return s.base + int64(s.pos) }

// setLimit lets reads go on up to file offset limit; tail (exact or a
// minimum) is how many bytes must still follow it, for error messages.
func (s *source) setLimit(limit, tail int64, exact bool) {
	s.limit, s.tail, s.exact = limit, tail, exact
	s.clip()
}

// expect lets reads go on for n more bytes.
func (s *source) expect(n, tail int64, exact bool) {
	limit := int64(math.MaxInt64)
	if n <= math.MaxInt64-s.offset() {
		limit = s.offset() + n
	}
	s.setLimit(limit, tail, exact)
}

func (s *source) clip() {
	s.stop = s.end
	if rem := s.limit - s.offset(); rem < int64(s.end-s.pos) {
		s.stop = s.pos + int(max(rem, 0))
	}
}

// errEnd is returned by fill at the end of the input (io.EOF from r).
var errEnd = errors.New("end of input")

// fill makes at least one byte available below the limit; it returns
// io.EOF at the limit, errEnd at the end of the input, or r's error.
func (s *source) fill() error {
	if s.pos < s.stop {
		return nil
	}
	if s.offset() >= s.limit {
		return io.EOF
	}
	// pos == end: the buffer is used up.
	s.flushHash()
	s.base += int64(s.end)
	s.pos, s.end, s.hashed = 0, 0, 0
	want := int64(len(s.buf))
	if rem := s.limit - s.base; rem < want {
		want = rem
	}
	for tries := 0; s.end == 0; tries++ {
		if s.err != nil {
			if s.err == io.EOF {
				return errEnd
			}
			return fmt.Errorf("read bundle: %w", s.err)
		}
		if tries == 100 {
			return fmt.Errorf("read bundle: %w", io.ErrNoProgress)
		}
		n, err := s.r.Read(s.buf[:want])
		s.end, s.err = n, err
	}
	s.clip()
	return nil
}

// truncErr turns errEnd into ErrTruncated with the number of missing bytes.
func (s *source) truncErr(err error) error {
	if err == errEnd {
		if s.offset() == 0 {
			return fmt.Errorf("%w: the file is empty", ErrTruncated)
		}
		return truncated(s.limit-s.offset()+s.tail, s.exact)
	}
	return err
}

// ReadByte implements io.ByteReader.
func (s *source) ReadByte() (byte, error) {
	if s.pos < s.stop {
		b := s.buf[s.pos]
		s.pos++
		return b, nil
	}
	if err := s.fill(); err != nil {
		return 0, s.truncErr(err)
	}
	b := s.buf[s.pos]
	s.pos++
	return b, nil
}

// Read implements io.Reader.
func (s *source) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if err := s.fill(); err != nil {
		return 0, s.truncErr(err)
	}
	n := copy(p, s.buf[s.pos:s.stop])
	s.pos += n
	return n, nil
}

// full reads exactly len(p) bytes; reaching the limit or the end of input
// first is an ErrTruncated.
func (s *source) full(p []byte) error {
	for len(p) > 0 {
		if err := s.fill(); err != nil {
			if err == io.EOF {
				err = errEnd // a read past the limit is a decoder bug; report it as truncation
			}
			return s.truncErr(err)
		}
		n := copy(p, s.buf[s.pos:s.stop])
		s.pos += n
		p = p[n:]
	}
	return nil
}

// skip consumes (and hashes) everything up to the limit.
func (s *source) skip() error {
	for {
		switch err := s.fill(); err {
		case nil:
			s.pos = s.stop
		case io.EOF:
			return nil
		default:
			return s.truncErr(err)
		}
	}
}

// atEnd reports whether the input ends here; it may consume one byte.
func (s *source) atEnd() (bool, error) {
	s.expect(1, 0, false)
	switch err := s.fill(); err {
	case nil:
		return false, nil
	case errEnd:
		return true, nil
	default:
		return false, err
	}
}

// flushHash feeds the bytes handed out so far to the hash.
func (s *source) flushHash() {
	if s.h != nil && s.hashed < s.pos {
		s.h.Write(s.buf[s.hashed:s.pos])
	}
	s.hashed = s.pos
}

// sum is the hash of every byte handed out so far.
func (s *source) sum() []byte {
	s.flushHash()
	return s.h.Sum(nil)
}
