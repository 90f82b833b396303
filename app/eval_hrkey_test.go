package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/konbit/konbit/evaluation/seal"
)

// An HR member makes their key from the Evaluations screen: a short or
// mistyped passphrase is refused; then the key is made, its public part
// published, and the screen says whose key the laptop holds.
func TestEvalMakeHRKey(t *testing.T) {
	for _, tc := range []struct{ lang, button, short, differ, made, held string }{
		{langEN, "My HR key…", "at least 10", "differ", "is made", "holds the HR key of Lydie"},
		{langFR, "Ma clé RH…", "au moins 10", "diffèrent", "est créée", "détient la clé RH de Lydie"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			tu := newTestUI(t, tc.lang, loadSample)
			tu.keyParams = seal.Params{Time: 1, Memory: 64, Threads: 1}
			s := openEvaluations(tu, 0)
			test.Tap(tu.button(s.root, tc.button))
			d := tu.topOverlay()
			who := find[*widget.Select](d, nil)[0]
			pass := find[*hrPassEntry](d, nil)
			submit := func(p1, p2 string) {
				t.Helper()
				pass[0].SetText("")
				pass[1].SetText("")
				test.Type(pass[0], p1)
				test.Type(pass[1], p2)
				pass[1].TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
				tu.bg.Wait()
				tu.settle()
			}
			who.SetSelected("Lydie")
			submit("court", "court")
			if !strings.Contains(tu.dialogText(), tc.short) {
				t.Fatalf("short passphrase: %q", tu.dialogText())
			}
			submit("une longue phrase", "une longue phrasE")
			if !strings.Contains(tu.dialogText(), tc.differ) {
				t.Fatalf("different passphrases: %q", tu.dialogText())
			}
			if _, ok, _ := tu.r.HRKeyHolder(); ok {
				t.Fatal("a key was made before the passphrases matched")
			}
			submit("une longue phrase", "une longue phrase")
			if !strings.Contains(tu.dialogText(), tc.made) {
				t.Fatalf("after making the key: %q", tu.dialogText())
			}
			lydie := memberNamed(t, tu.r, "Lydie")
			if id, ok, err := tu.r.HRKeyHolder(); !ok || err != nil || id != lydie.ID || len(tu.r.HRPublicKeys()[lydie.ID]) != 1 {
				t.Fatalf("key holder %v %v %v, published %d", id, ok, err, len(tu.r.HRPublicKeys()[lydie.ID]))
			}
			if _, _, err := tu.r.UnlockHRKey([]byte("une longue phrase")); err != nil {
				t.Fatal(err)
			}
			tu.topOverlay().Hide()
			test.Tap(tu.button(s.root, tc.button))
			if !strings.Contains(tu.dialogText(), tc.held) {
				t.Fatalf("second time: %q", tu.dialogText())
			}
		})
	}
}
