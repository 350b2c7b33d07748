# Changing calls in flight (core/intercept): the rule language, framing live connections, the relay that applies
# rules and intercepts, what each protocol's answers look like to real peers, and the mock server's answers.
rpcscope_add_test(core/intercept callrule)
rpcscope_add_test(core/intercept interceptqueue LIBS rpcscope_capture)
rpcscope_add_test(core/intercept protocolactions)
rpcscope_add_test(core/intercept messagegate)
rpcscope_add_test(core/intercept jrmpendpointrewriter)
rpcscope_add_test(core/intercept endpointfollowstage)
rpcscope_add_test(core/intercept pyroendpointrewriter)
