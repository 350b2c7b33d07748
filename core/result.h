#pragma once

#include <QString>

#include <utility>
#include <variant>

namespace rpcscope {

/// An error that travels as a value: a sentence for the user, naming what failed and why.
struct Error
{
    QString message;
};

/// A value or an Error (std::expected is C++23; this is the subset we need). Errors never cross module
/// boundaries as exceptions.
template<typename T>
class Result
{
public:
    Result(T value)
        : m_data(std::in_place_index<0>, std::move(value))
    { }
    Result(Error error)
        : m_data(std::in_place_index<1>, std::move(error))
    { }

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }
    const T& value() const& { return std::get<0>(m_data); }
    T& value() & { return std::get<0>(m_data); }
    T&& value() && { return std::get<0>(std::move(m_data)); }
    const T& operator*() const& { return value(); }
    T& operator*() & { return value(); }
    const T* operator->() const { return &value(); }
    T* operator->() { return &value(); }
    const QString& error() const { return std::get<1>(m_data).message; }

private:
    std::variant<T, Error> m_data;
};

/// Result of an operation that yields nothing but may fail.
struct Done
{ };
using Status = Result<Done>;

} // namespace rpcscope
