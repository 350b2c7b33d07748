#pragma once

#include "javaobjects.h"
#include "rpcvalue.h"

#include <QByteArrayView>

namespace rpcscope {

/// The value of an object whose class Java code treats as one value, read from the serialized form the JDK
/// documents for it:
/// - boxed primitives (java.lang.Integer...: their `value` field; a Float stays a 32-bit float);
/// - java.util.Date (its writeObject long) as a date-time `2023-11-14T22:13:20.123Z`, years outside 0000-9999
///   written expanded (`+10000-...`, `-0001-...`) with `note` saying the year is outside 1–9999;
/// - java.math.BigInteger (signum and magnitude) as an integer of every digit, java.math.BigDecimal (intVal and
///   scale) as an exact decimal in the text BigDecimal.toString() writes;
/// - java.time values (serialized through java.time.Ser, see javatime.h);
/// - java.util.UUID as its text; java.rmi.server.UID and ObjID as their text;
/// - javax.management.ObjectName as its canonical name (jmxvalues.h).
struct JavaScalar
{
    enum class Kind {
        None, ///< not such a class, or its data is incomplete
        Value,
        OverBudget, ///< a BigInteger (or a BigDecimal's) whose decimal digits cost more than the work left
    };
    Kind kind = Kind::None;
    RpcValue value;
    /// Something worth saying beside the value in a tree ("outside years 1-9999").
    QString note;
    /// OverBudget: the size of the magnitude that was not converted.
    qint64 magnitudeBytes = 0;
};

namespace javascalars {

/// The value of object `id` of `stream` (parsed from `bytes`), if its class is one of the above. Converting a
/// BigInteger's magnitude to digits takes `javabignumbers::conversionCost` from `bigIntegerWork`; when too little
/// is left, the result is OverBudget and nothing is taken.
JavaScalar value(const JavaStream& stream, QByteArrayView bytes, int id, qint64& bigIntegerWork);

} // namespace javascalars
} // namespace rpcscope
