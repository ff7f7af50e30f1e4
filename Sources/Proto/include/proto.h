int proto_placeholder(void);
