# XML-RPC: the body reader, the decoder on HTTP messages, and the real captures end to end through the CLI.
rpcscope_add_test(core/xmlrpc xmlrpcreader)
rpcscope_add_test(core/xmlrpc xmlrpcdecoder LIBS ZLIB::ZLIB)
rpcscope_add_test(core/xmlrpc xmlrpccaptures TIMEOUT 180)
