# XML-RPC: the body reader (and its lenient readings), the decoder on HTTP messages and on bodies in every encoding,
# and the real captures end to end through the CLI.
rpcscope_add_test(core/xmlrpc xmlrpcreader)
rpcscope_add_test(core/xmlrpc xmlrpcdecoder LIBS ZLIB::ZLIB)
rpcscope_add_test(core/xmlrpc xmlrpcencodings)
rpcscope_add_test(core/xmlrpc xmlrpclenient)
rpcscope_add_test(core/xmlrpc xmlrpccaptures TIMEOUT 180)
# How XML bodies are read as text: encodings, conversion with offsets back to the wire, UTF-8 checks.
rpcscope_add_test(core/xmlrpc xmlencoding)
rpcscope_add_test(core/xmlrpc xmltranscoder)
rpcscope_add_test(core/xmlrpc xmlbodytext)
# Python's xmlrpc.client.dumps against our reader, value for value (tests/data/xmlrpc/python-values.py).
rpcscope_add_test(core/xmlrpc xmlrpcdifferential)
