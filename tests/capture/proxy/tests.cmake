# The recording proxy (capture/proxy) and `rpcscope-cli proxy`, against real Python and Pyro4 peers.
rpcscope_add_test(capture/proxy httpproxyrewriter LIBS rpcscope_capture)
rpcscope_add_test(capture/proxy recordingproxy LIBS rpcscope_capture TIMEOUT 180)
rpcscope_add_test(capture/proxy proxycommand LIBS rpcscope_capture TIMEOUT 120)
rpcscope_add_test(capture/proxy pcapstreamrecorder LIBS rpcscope_capture)
rpcscope_add_test(capture/proxy proxytls TIMEOUT 120)
rpcscope_add_test(capture/proxy proxyconnectionrelay LIBS rpcscope_capture TIMEOUT 120)
rpcscope_add_test(capture/proxy recordingproxyfollow LIBS rpcscope_capture TIMEOUT 120)
rpcscope_add_test(capture/proxy recordingproxyfollowpyro LIBS rpcscope_capture TIMEOUT 120)
