package main

// commandLineToArgv splits a command line by CommandLineToArgvW's documented rules, on bytes
// (every byte the rules test is ASCII, so UTF-8 text in between is carried through whole): the
// program name runs to the next '"' when it starts with one, else to a space or tab, without
// escapes; after it, 2n backslashes + '"' give n backslashes and toggle quoting, 2n+1 give n and a
// literal '"', other backslashes are literal, and a '"' right after a closing '"' inside quotes
// is literal.
func commandLineToArgv(line string) []string {
	var argv []string
	i := 0
	var current []byte
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' }
	if i < len(line) && line[i] == '"' {
		i++
		for i < len(line) && line[i] != '"' {
			current = append(current, line[i])
			i++
		}
		if i < len(line) {
			i++
		}
	} else {
		for i < len(line) && !isSpace(line[i]) {
			current = append(current, line[i])
			i++
		}
	}
	argv = append(argv, string(current))
	for i < len(line) && isSpace(line[i]) {
		i++
	}
	if i == len(line) {
		return argv
	}
	current = current[:0]
	inQuotes := false
	backslashes := 0
	for i < len(line) {
		c := line[i]
		switch {
		case isSpace(c) && !inQuotes:
			argv = append(argv, string(current))
			current = current[:0]
			for i < len(line) && isSpace(line[i]) {
				i++
			}
			backslashes = 0
			if i == len(line) {
				return argv
			}
			continue
		case c == '\\':
			backslashes++
			current = append(current, c)
		case c == '"':
			current = current[:len(current)-backslashes/2]
			if backslashes%2 == 1 {
				current[len(current)-1] = '"'
			} else if inQuotes && i+1 < len(line) && line[i+1] == '"' {
				current = append(current, '"')
				i++
			} else {
				inQuotes = !inQuotes
			}
			backslashes = 0
		default:
			backslashes = 0
			current = append(current, c)
		}
		i++
	}
	return append(argv, string(current))
}
