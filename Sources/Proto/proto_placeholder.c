int proto_placeholder(void) { return 0; }
