package konbit

import (
	"fmt"

	"github.com/konbit/konbit/sync/crdt"
)

// SampleMembership links Sample.Members[Member] to Sample.Committees[Committee].
type SampleMembership struct {
	Committee, Member int
	Occasional        bool
}

// Sample is a realistic sample organisation drawn from the field study.
type Sample struct {
	Members     []Member
	Committees  []Committee
	Memberships []SampleMembership
}

// sampleCommittees are the 13 committees of annex 6.4 (field study
// l.2443-2507), in table order; descriptions follow l.130-204, 1426-1476
// and 2146-2152.
var sampleCommittees = [...]struct{ name, description string }{
	{"Conseil d'administration (CA)", "Instance légale de l'OBNL, formée de trois délégués du comité de travail et de membres externes élus en assemblée générale."},
	{"Vie associative", "Améliore la vie du collectif : ateliers de réflexion 5@7, formations internes et externes, moments conviviaux."},
	{"Embauche / RH", "Procédures d'embauche, contrats, demandes de formation, organisation des évaluations, gestion des conflits et conditions de travail."},
	{"Financement", "Tient la comptabilité, suit la gestion financière et cherche des subventions."},
	{"Vente", "Prospection, soumissions, suivi des ventes en cours et service après-vente."},
	{"Communication et publicité", "Communication interne et externe de la coopérative : site web, matériel promotionnel, annonces."},
	{"Administration système", "Maintient les serveurs, l'hébergement et les outils internes."},
	{"Papsi", "Coordonne les projets financés par la subvention PAPSI et les rapports au ministère."},
	{"Papsi Projet", "Sous-comité PAPSI qui planifie et suit les projets de développement financés par la subvention."},
	{"Papsi ComPub", "Sous-comité PAPSI chargé de la communication financée par la subvention, en lien avec le comité Communication et publicité."},
	{"Papsi Aegir", "Sous-comité PAPSI qui développe Aegir, la plateforme d'hébergement de sites Drupal de la coopérative."},
	{"Features", "Définit et priorise les fonctionnalités réutilisables des produits Drupal de la coopérative."},
	{"Femmes", "Facilite l'intégration des femmes et réfléchit à l'inclusivité de la coopérative au-delà du genre."},
}

// sampleRow is one person of the sample. marks has one character per
// committee, in sampleCommittees order: 'M' member (the annex's "X"), '/'
// occasional participation, '.' none.
type sampleRow struct {
	name     string
	category Category
	hours    float64
	langs    []string // already in Normalize order (sorted): "en","fr" says nothing of which comes first
	gender   string
	marks    string
}

// sampleRows: the first 20 rows are the named members of annex 6.4, in
// table order, with their (s)/(p) category. The table comes from a flattened
// PDF; column placements were reconstructed from the empty cells of the text
// and checked against the printed row and column totals. Every row matches
// its printed total (counting "/" as 0.5). The printed table is not
// internally consistent: Sofian (printed 4) and Stéphane (printed 3) also
// show an occasional "/" in Papsi that their row totals do not count, so it
// is left out here; as a result, over these 20 rows, Papsi totals 4.5
// (printed 5.5) and Vie associative 4.5 (printed 5), every other printed
// column total is matched, and Femmes (no printed total) has 3.
//
// The study counts 24 workers in 2011, 16 salaried and 8 freelancers, 4 of
// them women (l.162, 285); the annex names 15 salaried and 5 freelancers,
// so one salaried woman and three freelancers were invented. Two external
// members sit on the board, as the by-laws require (l.132-135).
//
// Hours (15-35 h/week) and languages are invented but plausible: French is
// the working language, a few members are anglophone and one francophone
// member often interprets (l.249-256). Gender is optional and
// self-described; it is filled for some members only, to show the field.
var sampleRows = [...]sampleRow{
	// marks: CA, Vie asso, Embauche, Financement, Vente, ComPub, Sysadmin,
	// Papsi, Papsi Projet, Papsi ComPub, Papsi Aegir, Features, Femmes.
	{"Omar", Salaried, 35, []string{"en", "fr"}, "homme", "M/MMMM.MMMMM."},
	{"Antoine", Salaried, 32, []string{"en", "fr"}, "", "M..M..MM..M.."},
	{"Samuel", Salaried, 32, []string{"fr"}, "", "..MMM..MM...."},
	{"Mathieu", Salaried, 30, []string{"fr"}, "", "..M.M.M/M...."},
	{"Sébastien", Salaried, 30, []string{"fr"}, "", "MM.M..M......"},
	{"Sofian", Salaried, 28, []string{"fr"}, "homme", ".M...M...MM.."},
	{"Jonathan", Salaried, 28, []string{"fr"}, "", "...M......MM."},
	{"Stéphane", Salaried, 30, []string{"fr"}, "", "....MM...M..."},
	{"Jenny", Salaried, 28, []string{"fr"}, "femme", ".M...M......M"},
	{"Chris", Freelancer, 20, []string{"en", "fr"}, "", "...../....MM."},
	{"Marco", Salaried, 25, []string{"fr"}, "", "..M.......M.."},
	{"Patrick", Salaried, 28, []string{"en", "fr"}, "homme", ".M....M......"}, // the usual interpreter
	{"Albert", Salaried, 24, []string{"fr"}, "", "....M......M."},
	{"Yann", Salaried, 26, []string{"en", "fr"}, "", ".......MM...."},
	{"Lydie", Salaried, 24, []string{"fr"}, "femme", ".....M......M"},
	{"Heidi", Freelancer, 18, []string{"en", "fr"}, "femme", ".....M......M"},
	{"Gabriel", Freelancer, 15, []string{"fr"}, "", "......M......"},
	{"Steve", Freelancer, 15, []string{"en"}, "homme", ".....M......."},
	{"Christian", Freelancer, 16, []string{"fr"}, "", ".....M......."},
	{"Matt", Salaried, 20, []string{"en"}, "", "..........M.."},
	// Invented to reach the 2011 counts.
	{"Geneviève", Salaried, 21, []string{"fr"}, "femme", "............M"},
	{"Jean-François", Freelancer, 18, []string{"fr"}, "", ".........../."},
	{"Maxime", Freelancer, 15, []string{"fr"}, "", "............."},
	{"Félix", Freelancer, 15, []string{"fr"}, "homme", "............."},
	// External members, elected to the board by the general assembly.
	{"Marie-Claude", External, 0, []string{"fr"}, "", "M............"},
	{"Denis", External, 0, []string{"fr"}, "", "M............"},
}

// SampleOrganisation returns the sample with fresh record ids (crdt.NewID()).
func SampleOrganisation() Sample {
	s := Sample{
		Members:    make([]Member, 0, len(sampleRows)),
		Committees: make([]Committee, 0, len(sampleCommittees)),
	}
	for _, c := range sampleCommittees {
		s.Committees = append(s.Committees, Committee{ID: crdt.NewID(), Name: c.name, Description: c.description})
	}
	for i, r := range sampleRows {
		m := Member{
			ID:          crdt.NewID(),
			Name:        r.name,
			Category:    r.category,
			WeeklyHours: r.hours,
			Languages:   append([]string(nil), r.langs...),
			Gender:      r.gender,
		}
		m.Normalize()
		s.Members = append(s.Members, m)
		if len(r.marks) != len(sampleCommittees) {
			panic(fmt.Sprintf("konbit: sample row %s has %d marks, want %d", r.name, len(r.marks), len(sampleCommittees)))
		}
		for c, mark := range r.marks {
			switch mark {
			case 'M':
				s.Memberships = append(s.Memberships, SampleMembership{Committee: c, Member: i})
			case '/':
				s.Memberships = append(s.Memberships, SampleMembership{Committee: c, Member: i, Occasional: true})
			case '.':
			default:
				panic(fmt.Sprintf("konbit: sample row %s has mark %q", r.name, mark))
			}
		}
	}
	return s
}
