int cgrpc_placeholder(void);
