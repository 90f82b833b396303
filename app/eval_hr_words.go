package app

import (
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2/lang"

	"github.com/konbit/konbit/evaluation"
	"github.com/konbit/konbit/evaluation/seal"
	"github.com/konbit/konbit/replica"
)

// hrNumber writes a mean or a gap with one decimal, with the language's
// decimal mark; signed puts a + before a positive number (a gap).
func hrNumber(language string, f float64, signed bool) string {
	format := "%.1f"
	if signed {
		format = "%+.1f"
	}
	s := fmt.Sprintf(format, f)
	if s == "-0.0" || s == "+0.0" {
		s = "0.0"
	}
	if language == langFR {
		s = strings.Replace(s, ".", ",", 1)
		s = strings.Replace(s, "-", "−", 1)
	}
	return s
}

// hrErrorText says why reading a campaign's answers (or saving a campaign)
// failed, in the words HR knows.
func hrErrorText(err error) string {
	switch {
	case errors.Is(err, seal.ErrWrongPassphrase):
		return lang.L("evalhr.error.passphrase")
	case errors.Is(err, replica.ErrNoHRKey):
		return lang.L("evalhr.error.no_key")
	case errors.Is(err, replica.ErrNotGranted):
		return lang.L("evalhr.error.not_granted")
	case errors.Is(err, replica.ErrSeveralHRKeys):
		return lang.L("evalhr.error.several_keys") + "\n" + err.Error()
	case errors.Is(err, replica.ErrTooFewHRKeys):
		return lang.L("evalhr.error.too_few_keys")
	case errors.Is(err, evaluation.ErrTooFewHR):
		return lang.L("evalhr.error.too_few_hr")
	case errors.Is(err, evaluation.ErrKeepApart):
		return lang.L("evalhr.error.keep_apart") + "\n" + err.Error()
	case errors.Is(err, evaluation.ErrTooFew):
		return lang.L("evalhr.error.too_few_people")
	}
	return errorText(err)
}
