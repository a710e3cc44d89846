using Chat.Domain.Users;
using Microsoft.AspNetCore.Identity;

namespace Chat.WriteApi.Accounts;

public static class RegisterUserEndpoint
{
    /// <summary>POST /api/users: 201 with the new account, 409 when the username is taken, 429 past the address's hourly limit.</summary>
    public static void MapRegisterUser(this IEndpointRouteBuilder api) =>
        api.MapPost("/users", async (RegisterUserRequest request, HttpContext http, IDocumentSession session, IDocumentStore store,
            IPasswordHasher<UserAccount> hasher, RegistrationRateLimit limit, TimeProvider clock) =>
        {
            await limit.Check(session, http);
            var registered = Registration.Decide(
                new RegisterUser(Guid.NewGuid(), request.Username ?? "", request.DisplayName ?? request.Username ?? "",
                    request.Password ?? "", clock.GetUtcNow()),
                password => hasher.HashPassword(null!, password));
            var normalized = Registration.Normalize(registered.Username);
            if (await session.Query<UserAccount>().AnyAsync(a => a.NormalizedUsername == normalized)) throw UsernameTaken();
            session.Events.StartStream<UserAccount>(registered.UserId, registered);
            try
            {
                await session.SaveChangesAsync();
            }
            catch (Exception e) when (StoreErrors.IsUniqueViolation(e))
            {
                throw UsernameTaken(); // lost a race with a concurrent registration
            }
            await limit.Registered(store, http);
            return Results.Created($"/api/users/{registered.UserId}",
                new UserResponse(registered.UserId, registered.Username, registered.DisplayName));
        }).AllowAnonymous();

    private static DomainError UsernameTaken() => new(ErrorCodes.Conflict, "This username is taken.", "username");
}
