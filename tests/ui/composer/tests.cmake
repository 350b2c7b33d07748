# The request composer (ui/composer), under QT_QPA_PLATFORM=offscreen, sending to real Python peers.
rpcscope_add_test(ui/composer composerpanel LIBS rpcscope_ui TIMEOUT 60)
