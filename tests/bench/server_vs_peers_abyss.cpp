// The xmlrpc-c peer for tests/bench/server_vs_peers: an Abyss server with one method, add(int, int).
#include <xmlrpc-c/base.hpp>
#include <xmlrpc-c/registry.hpp>
#include <xmlrpc-c/server_abyss.hpp>

#include <cstdlib>

namespace {

class AddMethod : public xmlrpc_c::method
{
public:
    AddMethod() { this->_signature = "i:ii"; }
    void execute(const xmlrpc_c::paramList& params, xmlrpc_c::value* result) override
    {
        const int a = params.getInt(0);
        const int b = params.getInt(1);
        params.verifyEnd(2);
        *result = xmlrpc_c::value_int(a + b);
    }
};

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2)
        return 2;
    xmlrpc_c::registry registry;
    registry.addMethod("add", new AddMethod);
    // Generous keep-alive limits so that every wrk connection stays open for the whole run, as with the others.
    xmlrpc_c::serverAbyss server(xmlrpc_c::serverAbyss::constrOpt()
                                     .registryP(&registry)
                                     .portNumber(std::atoi(argv[1]))
                                     .keepaliveTimeout(60)
                                     .keepaliveMaxConn(1000000)
                                     .logFileName("/dev/null"));
    server.run();
    return 0;
}
