package evaluation

import (
	"cmp"
	"slices"

	"github.com/google/uuid"
)

// Keys of the 2011 criteria (seed l.2209-2211: « la communication, les
// connaissances et les compétences puis […] l’implication et l’esprit
// collaboratif »).
const (
	CriterionCommunication = "communication"
	CriterionKnowledge     = "knowledge"
	CriterionSkills        = "skills"
	CriterionInvolvement   = "involvement"
	CriterionCollaboration = "collaborative-spirit"
)

// crit builds a criterion with anchors for levels 2 and 4 of the default
// scale (what a 2 and a 4 look like): the study gives no anchors, so they
// are written here to describe behaviour one can observe, not character.
func crit(key, nameFR, nameEN, descFR, descEN, twoFR, twoEN, fourFR, fourEN string) Criterion {
	return Criterion{
		Key:         key,
		Name:        Text{FR: nameFR, EN: nameEN},
		Description: Text{FR: descFR, EN: descEN},
		Anchors: []Anchor{
			{Level: 2, Text: Text{FR: twoFR, EN: twoEN}},
			{Level: 4, Text: Text{FR: fourFR, EN: fourEN}},
		},
	}
}

// full adds anchors for levels 1, 3 and 5, so that the five 2011 criteria
// describe every level of the default scale.
func full(c Criterion, oneFR, oneEN, threeFR, threeEN, fiveFR, fiveEN string) Criterion {
	c.Anchors = append(c.Anchors,
		Anchor{Level: 1, Text: Text{FR: oneFR, EN: oneEN}},
		Anchor{Level: 3, Text: Text{FR: threeFR, EN: threeEN}},
		Anchor{Level: 5, Text: Text{FR: fiveFR, EN: fiveEN}})
	slices.SortFunc(c.Anchors, func(a, b Anchor) int { return cmp.Compare(a.Level, b.Level) })
	return c
}

// involvement is both a 2011 criterion and one of the oldest ones (seed
// l.2166, l.2211), so the default grid and the bank share it.
func involvement() Criterion {
	return full(crit(CriterionInvolvement, "Implication", "Involvement",
		"Participation à la vie de la coopérative au-delà de ses propres contrats : comités, réunions, tâches communes.",
		"Taking part in the co-op's life beyond one's own contracts: committees, meetings, shared tasks.",
		"Vient rarement aux réunions de réflexion, ne prend en charge aucune tâche commune sans qu’on le lui demande.",
		"Seldom comes to reflection meetings, takes on no shared task unless asked.",
		"Participe activement à au moins un comité, prend sa part des tâches communes et s’y tient.",
		"Active in at least one committee, takes a fair share of shared tasks and sees them through."),
		"Absent·e de la vie collective en dehors de ses contrats.",
		"Absent from collective life outside their contracts.",
		"Vient aux réunions de réflexion et prend une tâche commune de temps en temps.",
		"Comes to reflection meetings and takes on a shared task now and then.",
		"Porte un comité ou un chantier collectif et y entraîne d’autres membres.",
		"Leads a committee or a collective project and brings other members along.")
}

// DefaultCriteria returns the 2011 criteria of a session (seed l.2208-2211):
// communication, knowledge and skills for "work"; involvement and
// collaborative spirit for "involvement". Other sessions have none.
func DefaultCriteria(session string) []Criterion {
	switch session {
	case SessionWork:
		return []Criterion{
			full(crit(CriterionCommunication, "Communication", "Communication",
				"Transmettre l’information utile à temps, à l’équipe comme aux clients, et écouter les autres.",
				"Passing on useful information in time, to the team and to clients, and listening to others.",
				"L’équipe apprend souvent trop tard l’état de ses tâches ; ses messages sont à relancer.",
				"The team often learns the state of their tasks too late; their messages need chasing.",
				"Tient l’équipe au courant sans qu’on le demande et vérifie qu’il ou elle a été compris·e.",
				"Keeps the team informed unasked and checks they have been understood."),
				"Ne donne pas de nouvelles de ses tâches ; l’équipe doit deviner où il ou elle en est.",
				"Gives no news of their tasks; the team has to guess where they stand.",
				"Informe l’équipe quand on le lui demande ; ses messages sont clairs la plupart du temps.",
				"Informs the team when asked; their messages are clear most of the time.",
				"Anticipe ce que les autres ont besoin de savoir, écoute et reformule.",
				"Anticipates what others need to know, listens and rephrases."),
			full(crit(CriterionKnowledge, "Connaissances", "Knowledge",
				"Maîtrise des savoirs techniques et du métier que demande son travail, et mise à jour de ces savoirs.",
				"Command of the technical and trade knowledge their work requires, and keeping it up to date.",
				"Doit souvent demander de l’aide sur les bases de ses tâches habituelles.",
				"Often needs help with the basics of their usual tasks.",
				"Répond seul·e aux questions courantes de son domaine et sait où chercher le reste.",
				"Answers the usual questions of their field alone and knows where to look for the rest."),
				"Ne maîtrise pas encore les bases de son poste.",
				"Does not yet master the basics of their role.",
				"Connaît bien ses tâches habituelles ; demande de l’aide pour les cas nouveaux.",
				"Knows their usual tasks well; asks for help with new cases.",
				"Fait référence dans son domaine ; les autres viennent le ou la consulter.",
				"Is a reference in their field; others come to consult them."),
			full(crit(CriterionSkills, "Compétences", "Skills",
				"Capacité à mener une tâche à bien : qualité du résultat, respect des délais et des estimations.",
				"Ability to carry a task through: quality of the result, meeting deadlines and estimates.",
				"Ses livrables demandent régulièrement des reprises ou dépassent les délais sans prévenir.",
				"Their deliverables regularly need rework or run late without warning.",
				"Livre un travail fiable dans les délais et prévient tôt quand une estimation ne tiendra pas.",
				"Delivers reliable work on time and warns early when an estimate will not hold."),
				"Ses tâches restent souvent inachevées ou doivent être reprises par d’autres.",
				"Their tasks often stay unfinished or must be taken over by others.",
				"Mène ses tâches à bien, avec quelques retards ou reprises.",
				"Carries tasks through, with a few delays or some rework.",
				"Livre un travail exemplaire, tient ses estimations et aide les autres à tenir les leurs.",
				"Delivers exemplary work, keeps to estimates and helps others keep theirs."),
		}
	case SessionInvolvement:
		return []Criterion{
			involvement(),
			full(crit(CriterionCollaboration, "Esprit collaboratif", "Collaborative spirit",
				"Travailler avec les autres : partager son savoir, aider, accepter l’aide et la critique.",
				"Working with others: sharing knowledge, helping, accepting help and criticism.",
				"Travaille surtout seul·e, partage peu ce qu’il ou elle sait et reçoit mal la critique.",
				"Works mostly alone, shares little of what they know and takes criticism badly.",
				"Propose son aide, documente ce qu’il ou elle fait et accueille la critique pour s’améliorer.",
				"Offers help, documents what they do and takes criticism as a way to improve."),
				"Refuse l’aide ou la critique, ou travaille contre le groupe.",
				"Refuses help or criticism, or works against the group.",
				"Aide quand on le lui demande et accepte la critique.",
				"Helps when asked and accepts criticism.",
				"Fait progresser les autres : transmet son savoir, propose son aide, désamorce les tensions.",
				"Helps others grow: passes on knowledge, offers help, defuses tension."),
		}
	}
	return nil
}

// DefaultGrids returns the 2011 grids of a campaign, one per default
// session, on the default scale, with deterministic ids.
func DefaultGrids(campaign uuid.UUID) []Grid {
	var out []Grid
	for _, s := range []string{SessionWork, SessionInvolvement} {
		out = append(out, Grid{ID: GridID(campaign, s), Campaign: campaign, Session: s,
			Scale: DefaultScale(), Criteria: DefaultCriteria(s)})
	}
	return out
}

// Bank returns the criteria of the 2008-2009 evaluations (seed
// l.2165-2170), which HR can add to a grid. The list grew until it "made
// heads spin" (« finissant par donner le tournis », l.2165), which is why
// the 2011 grid keeps five: the bank is there to choose from, not to fill.
// Names follow the seed's wording.
func Bank() []Criterion {
	return []Criterion{
		// 2008 (l.2165-2167).
		crit("competence", "Compétence", "Competence",
			"Savoir faire le travail pour lequel on s’est engagé.",
			"Being able to do the work one has committed to.",
			"A souvent besoin qu’on reprenne ou corrige son travail.",
			"Often needs their work redone or corrected.",
			"Fait le travail attendu sans supervision et à la qualité convenue.",
			"Does the expected work without supervision and at the agreed quality."),
		crit("reliability", "Fiabilité", "Reliability",
			"Tenir ses engagements : tâches, horaires, réunions.",
			"Keeping one's commitments: tasks, hours, meetings.",
			"Des tâches promises restent en suspens sans nouvelles.",
			"Promised tasks are left hanging without news.",
			"Ce qui est promis est fait, ou renégocié à temps.",
			"What is promised gets done, or renegotiated in time."),
		involvement(),
		crit("availability", "Disponibilité", "Availability",
			"Être joignable et présent·e pendant ses heures annoncées.",
			"Being reachable and present during one's announced hours.",
			"Difficile à joindre pendant ses heures ; l’équipe attend ses réponses.",
			"Hard to reach during their hours; the team waits for their answers.",
			"Joignable pendant ses heures et annonce ses absences à l’avance.",
			"Reachable during their hours and announces absences ahead."),
		crit("feedback", "Capacité à faire et recevoir des feedbacks", "Giving and receiving feedback",
			"Dire ce qui ne va pas de façon constructive et entendre la critique.",
			"Saying what is wrong constructively and hearing criticism.",
			"Garde ses critiques pour soi ou se ferme quand on lui en fait.",
			"Keeps criticism to themselves, or shuts down when receiving it.",
			"Donne des retours précis et respectueux et en tient compte quand on lui en fait.",
			"Gives precise, respectful feedback and acts on feedback received."),
		crit("affinity", "Affinité", "Affinity",
			"Adhésion aux valeurs et au projet de la coopérative.",
			"Sharing the co-op's values and project.",
			"Semble indifférent·e aux principes de la coopérative.",
			"Seems indifferent to the co-op's principles.",
			"Défend les principes de la coopérative et les applique dans son travail.",
			"Stands up for the co-op's principles and applies them in their work."),
		crit("motivation", "Motivation", "Motivation",
			"Envie de faire le travail et de le faire bien.",
			"Wanting to do the work, and to do it well.",
			"Fait le minimum et le travail s’en ressent.",
			"Does the minimum and the work shows it.",
			"S’engage dans ses projets et entraîne les autres.",
			"Commits to their projects and carries others along."),
		crit("initiative", "Initiative", "Initiative",
			"Voir ce qui doit être fait et s’en charger.",
			"Seeing what needs doing and taking it on.",
			"Attend qu’on lui assigne chaque tâche.",
			"Waits to be assigned every task.",
			"Repère les problèmes et propose ou lance une solution.",
			"Spots problems and proposes or starts a solution."),
		crit("speed-quality", "Rapidité et qualité des résultats", "Speed and quality of results",
			"Livrer vite un travail de bonne qualité.",
			"Delivering good work quickly.",
			"Lent·e, ou rapide au prix de nombreuses erreurs.",
			"Slow, or fast at the cost of many errors.",
			"Livre dans un délai raisonnable un travail qui tient.",
			"Delivers work that holds within a reasonable time."),
		// Added in 2009 (l.2167-2170).
		crit("job-satisfaction", "Satisfaction par rapport au travail", "Job satisfaction",
			"Se sentir bien dans son travail et dans la coopérative.",
			"Feeling well in one's work and in the co-op.",
			"Exprime souvent de la frustration sans chercher à la résoudre.",
			"Often voices frustration without trying to resolve it.",
			"Trouve du sens à son travail et dit ce qui l’améliorerait.",
			"Finds meaning in their work and says what would improve it."),
		crit("autonomy", "Autonomie et prise d’initiative", "Autonomy and initiative",
			"Avancer seul·e et décider dans son domaine sans attendre.",
			"Moving forward alone and deciding within one's area without waiting.",
			"Bloque dès qu’une consigne manque.",
			"Stalls as soon as an instruction is missing.",
			"Décide dans son domaine, et sait quand consulter.",
			"Decides within their area, and knows when to consult."),
		crit("leadership", "Leadership", "Leadership",
			"Aider un groupe à avancer sans prendre le pouvoir.",
			"Helping a group move forward without taking over.",
			"Ne porte aucun projet, ou l’impose sans écouter.",
			"Carries no project, or imposes it without listening.",
			"Porte des projets et fait place aux autres dans les décisions.",
			"Carries projects and makes room for others in decisions."),
		crit("learning", "Capacités d’apprentissage", "Learning",
			"Apprendre de nouvelles choses et de ses erreurs.",
			"Learning new things, and from one's mistakes.",
			"Refait les mêmes erreurs ; évite les nouveaux outils.",
			"Repeats the same mistakes; avoids new tools.",
			"Apprend vite ce que demande un nouveau projet et tire les leçons des erreurs.",
			"Quickly learns what a new project needs and draws lessons from mistakes."),
		crit("interpersonal", "Habiletés interpersonnelles", "Interpersonal skills",
			"Entretenir des relations respectueuses avec collègues et clients.",
			"Keeping respectful relations with colleagues and clients.",
			"Des tensions avec des collègues ou des clients restent sans suite.",
			"Tensions with colleagues or clients are left unresolved.",
			"Est à l’écoute et désamorce les tensions.",
			"Listens and defuses tension."),
		crit("organisation", "Compétences organisationnelles", "Organisational skills",
			"Planifier son travail et suivre ses dossiers.",
			"Planning one's work and keeping track of one's files.",
			"Perd le fil de ses dossiers ; oublie des échéances.",
			"Loses track of their files; misses deadlines.",
			"Planifie, tient ses dossiers à jour et les rend faciles à reprendre.",
			"Plans, keeps files up to date and easy for others to take over."),
		crit("time-stress", "Gestion du temps et du stress", "Time and stress management",
			"Répartir son temps et rester efficace sous pression.",
			"Sharing out one's time and staying effective under pressure.",
			"Se surcharge, puis tout prend du retard.",
			"Takes on too much, then everything runs late.",
			"Dit non quand il le faut et garde son calme dans l’urgence.",
			"Says no when needed and stays calm in a rush."),
		crit("creativity", "Créativité", "Creativity",
			"Trouver des solutions nouvelles.",
			"Finding new solutions.",
			"Reproduit les mêmes solutions même quand elles ne conviennent pas.",
			"Reuses the same solutions even where they do not fit.",
			"Propose des solutions originales qui fonctionnent.",
			"Proposes original solutions that work."),
		crit("curiosity", "Curiosité", "Curiosity",
			"S’intéresser à ce qui se fait ailleurs, dans la coopérative et au-dehors.",
			"Taking an interest in what is done elsewhere, in the co-op and outside.",
			"S’en tient à ses propres tâches.",
			"Keeps to their own tasks.",
			"Se renseigne sur les autres projets et fait connaître ce qu’il ou elle découvre.",
			"Looks into other projects and shares what they discover."),
		crit("dynamism", "Dynamisme", "Dynamism",
			"Apporter de l’énergie au travail et au groupe.",
			"Bringing energy to the work and the group.",
			"Reste en retrait ; rarement partant·e.",
			"Stays in the background; rarely up for things.",
			"Relance les projets qui s’essoufflent.",
			"Revives projects that are running out of steam."),
		crit("constructive", "Approche constructive", "Constructive approach",
			"Chercher des solutions plutôt que des coupables.",
			"Looking for solutions rather than culprits.",
			"Critique sans proposer.",
			"Criticises without proposing.",
			"Accompagne chaque critique d’une proposition.",
			"Pairs each criticism with a proposal."),
	}
}

// BankCriterion returns the bank's criterion with key.
func BankCriterion(key string) (Criterion, bool) {
	for _, c := range Bank() {
		if c.Key == key {
			return c, true
		}
	}
	return Criterion{}, false
}
