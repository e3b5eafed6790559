package sample

// nicknames are short forms of some generated first names, from which a fuzzy copy draws its
// first name. They are the has_nickname pairs of names.csv in github.com/carltonnorthern/nicknames
// (commit 21d75051c39c, 2026-06-01; Apache License 2.0) whose first name crmready generates,
// less every pair the duplicates check's own table (checks/nicknames.go) already joins: the
// generated copies measure the matcher on nicknames it never saw, not its table against its own
// source. TestNicknamesDisjoint keeps it so. The source's spelling is kept ("Franniey").
var nicknames = map[string][]string{
	"Ada": {"Addy", "Adie"}, "Barbara": {"Bab", "Barbie", "Barby", "Bobbie"}, "Donald": {"Donny", "Dony"},
	"Frances":  {"Cissy", "Fanny", "Francie", "Frankie", "Franniey", "Franny", "Sis"},
	"Margaret": {"Daisy", "Gretta", "Madge", "Maggy", "Margery", "Margie", "Margy", "Midge", "Peg", "Rita"},
	"Dennis":   {"Dennie"}, "Robert": {"Bill", "Billy", "Dob", "Dobbin", "Hob", "Hobkin", "Robby", "Rupert"},
	"William": {"Bela", "Bell", "Wil", "Willy"}, "James": {"Jem", "Jimmie"}, "John": {"Ian", "Jock", "Jonnie", "Jonny"},
	"Michael": {"Micah", "Mickey", "Micky"}, "David": {"Day"}, "Daniel": {"Dann"}, "Thomas": {"Thom"},
	"Matthew": {"Mattie", "Matty", "Thias", "Thys"}, "Anthony": {"Ant"}, "Steven": {"Steph", "Stevie"},
	"Joseph": {"Jody", "Jos"}, "Richard": {"Dickie", "Dickon", "Dicky", "Richie"}, "Charles": {"Carl", "Chick"},
	"Edward": {"Eddy", "Teddy"}, "Andrew": {"Randy"}, "Benjamin": {"Benjy", "Bennie", "Jamie"},
	"Nicholas": {"Claas", "Claes", "Nic", "Nickie", "Nico"}, "Alexander": {"Al", "Alec", "Sandy"}, "Gregory": {"Gory"},
	"Jeffrey": {"Geoff"}, "Joshua": {"Joe", "Jos"}, "Ronald": {"Naldo", "Ronny"}, "Kenneth": {"Kendrick"},
	"Lawrence": {"Lawrie", "Lon", "Lonny", "Lorne", "Lorry"}, "Patrick": {"Pate", "Patsy", "Peter"},
	"Katherine": {"Cassie", "Cathy", "Katy", "Kay", "Kaye", "Kit", "Kittie", "Lena", "Trina"},
	"Elizabeth": {"Bess", "Bessie", "Betsy", "Lib", "Libby", "Liza", "Lizzie", "Lizzy"},
	"Jennifer":  {"Jenn", "Jenni", "Jennie"}, "Susan": {"Hannah", "Sukey", "Susie", "Suzie"}, "Deborah": {"Debby"},
	"Rebecca": {"Beck", "Reba"}, "Amanda": {"Manda"},
	"Victoria": {"Torie", "Torri", "Torrie", "Tory", "Vic", "Vicki", "Vickie"}, "Kimberly": {"Kimberley", "Kimberli"},
	"Stephanie": {"Annie", "Steffi", "Steffie", "Stephani", "Stephany", "Stephie", "Stephine", "Stevie"},
	"Melissa":   {"Lisa", "Lissa", "Milly"}, "Dorothy": {"Dolly", "Dora", "Dortha", "Dotty"}, "Peter": {"Pate"},
	"Philip": {"Pip"}, "Henry": {"Hal", "Hap", "Haps"}, "Olivia": {"Livia", "Nollie", "Ollie"},
	"Emily": {"Emma", "Mel", "Millie"}, "Isabella": {"Belle", "Ib", "Issy", "Nib", "Nibby", "Tibbie"},
	"Abigail": {"Abbe", "Abbey", "Abbi", "Abbie", "Gail", "Nabby"}, "Chloe": {"Clo"}, "Lucia": {"Lucius", "Lucy"},
	"Ivan": {"John"}, "Elena": {"Helen"}, "Anna": {"Ann", "Anne", "Annie", "Nan"}, "Paul": {"Polly"}, "Nora": {"Nonie"},
}
