rpcscope_add_test(core rpcvalue)
rpcscope_add_test(core decodenode)
rpcscope_add_test(core jsonwriter)
rpcscope_add_test(core conversationdecoder)
