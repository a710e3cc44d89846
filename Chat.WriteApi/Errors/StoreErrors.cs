using JasperFx;
using Marten.Exceptions;
using Npgsql;

namespace Chat.WriteApi;

public static class StoreErrors
{
    /// <summary>A commit lost a race on a unique key: a document id, a unique index or a new stream id.</summary>
    public static bool IsUniqueViolation(Exception e) => e is DocumentAlreadyExistsException
        or JasperFx.Events.ExistingStreamIdCollisionException
        or Marten.Exceptions.ExistingStreamIdCollisionException
        or MartenCommandException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } };
}
