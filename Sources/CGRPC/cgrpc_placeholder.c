int cgrpc_placeholder(void) { return 0; }
