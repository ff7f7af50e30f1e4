int csystem_placeholder(void);
