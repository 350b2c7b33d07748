-- wrk script for tests/bench/server_vs_peers: every request is the XML-RPC call add(3, 4) on a keep-alive
-- connection, byte for byte what Python's xmlrpc.client sends as the body.
wrk.method = "POST"
wrk.path = "/RPC2"
wrk.headers["Content-Type"] = "text/xml"
wrk.body = "<?xml version='1.0'?>\n<methodCall>\n<methodName>add</methodName>\n<params>\n" ..
    "<param>\n<value><int>3</int></value>\n</param>\n<param>\n<value><int>4</int></value>\n</param>\n" ..
    "</params>\n</methodCall>\n"

-- Count replies that are not 200 or do not carry the sum, so a fast wrong answer cannot win.
local bad = 0
response = function(status, headers, body)
    if status ~= 200 or not string.find(body, "<int>7</int>", 1, true) and not string.find(body, "<i4>7</i4>", 1, true) then
        bad = bad + 1
    end
end
done = function(summary, latency, requests)
    io.write(string.format("bad_replies=%d\n", bad))
end
