package checks

// nicknameGroups are English given names and their common short forms; a name and its nickname
// ("Bob", "Robert") are one name to the fuzzy tier. A short form shared by two names ("Chris":
// Christopher, Christine) is in both groups and compared as either.
var nicknameGroups = [][]string{
	{"robert", "bob", "bobby", "rob", "robbie", "bert"}, {"william", "bill", "billy", "will", "willie", "liam"},
	{"james", "jim", "jimmy", "jamie"}, {"john", "jon", "johnny", "jack"}, {"jonathan", "jon", "jonny", "nathan"},
	{"michael", "mike", "mikey", "mick"}, {"david", "dave", "davey"}, {"daniel", "dan", "danny"},
	{"thomas", "tom", "tommy"}, {"christopher", "chris", "kit"}, {"christine", "chris", "chrissy", "tina"},
	{"matthew", "matt"}, {"anthony", "tony"}, {"steven", "steve"}, {"stephen", "steve"}, {"joseph", "joe", "joey"},
	{"richard", "rick", "ricky", "dick", "rich"}, {"charles", "charlie", "chuck"}, {"edward", "ed", "eddie", "ted", "ned"},
	{"andrew", "andy", "drew"}, {"benjamin", "ben", "benny"}, {"nicholas", "nick", "nicky"}, {"alexander", "alex", "sasha"},
	{"alexandra", "alex", "sandra", "sasha"}, {"samuel", "sam", "sammy"}, {"samantha", "sam", "sammy"},
	{"timothy", "tim", "timmy"}, {"gregory", "greg"}, {"jeffrey", "jeff"}, {"joshua", "josh"}, {"ronald", "ron", "ronnie"},
	{"donald", "don", "donnie"}, {"kenneth", "ken", "kenny"}, {"lawrence", "larry"}, {"gerald", "jerry"},
	{"patrick", "pat", "paddy"}, {"patricia", "pat", "patty", "trish"}, {"alan", "al"}, {"albert", "al", "bert"},
	{"katherine", "kate", "kathy", "katie", "kat"}, {"catherine", "cathy", "kate", "katie", "cat"},
	{"elizabeth", "liz", "beth", "betty", "eliza", "lisa"}, {"margaret", "maggie", "meg", "peggy", "marge"},
	{"jennifer", "jen", "jenny"}, {"susan", "sue", "suzy"}, {"barbara", "barb", "babs"}, {"deborah", "deb", "debbie"},
	{"rebecca", "becky", "becca"}, {"amanda", "mandy"}, {"victoria", "vicky", "tori"}, {"kimberly", "kim"},
	{"frances", "fran", "frannie"}, {"francis", "frank"}, {"dennis", "denny"}, {"anita", "nita"}, {"grace", "gracie"},
	{"jessica", "jess", "jessie"}, {"stephanie", "steph"}, {"melissa", "mel", "missy"}, {"dorothy", "dot", "dottie"},
	{"theodore", "theo", "ted", "teddy"}, {"frederick", "fred", "freddie"}, {"henry", "harry", "hank"},
	{"peter", "pete"}, {"philip", "phil"}, {"raymond", "ray"}, {"leonard", "leo", "len"}, {"vincent", "vince"},
	{"abigail", "abby"}, {"emily", "em", "emmy"}, {"olivia", "liv"}, {"sophia", "sophie"}, {"isabella", "bella", "izzy"},
	{"gabriel", "gabe"}, {"nathaniel", "nate", "nathan"}, {"zachary", "zach"}, {"jacob", "jake"}, {"lucas", "luke"},
}

// nicknames maps each name to the groups it belongs to.
var nicknames = func() map[string][]int {
	m := map[string][]int{}
	for g, names := range nicknameGroups {
		for _, n := range names {
			m[n] = append(m[n], g)
		}
	}
	return m
}()

// sameGivenName reports whether two different given names are one name and its nickname.
func sameGivenName(a, b []byte) bool {
	ga, gb := nicknames[string(a)], nicknames[string(b)]
	for _, x := range ga {
		for _, y := range gb {
			if x == y {
				return true
			}
		}
	}
	return false
}

// canonicalGiven returns the full name of a nickname that belongs to one group ("bob" ->
// "robert"), else the name itself: what blocking keys are made from.
func canonicalGiven(a []byte) []byte {
	if g := nicknames[string(a)]; len(g) == 1 {
		return []byte(nicknameGroups[g[0]][0])
	}
	return a
}
