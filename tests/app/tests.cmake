# The command-line tool, run as the user runs it (the real binary, RPCSCOPE_CLI) on the fixtures in tests/data.
rpcscope_add_test(app decodecommand)
rpcscope_add_test(app explaincommand)
rpcscope_add_test(app decodeerrors LIBS rpcscope_capture)
rpcscope_add_test(app decodestream LIBS rpcscope_capture)
rpcscope_add_test(app decodeshares)
rpcscope_add_test(app cacommand TIMEOUT 60)
