import { count, eq } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { users } from "#db/schema";
import { hashPassword } from "~/utils/password.server";

export type User = typeof users.$inferSelect;
export type PublicUser = Pick<User, "id" | "email" | "displayName" | "isAdmin">;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

let someoneExists = false;

/** True once any user exists; cached because it never becomes false again. */
export function hasAnyUser(): boolean {
  if (someoneExists) return true;
  const [row] = getDb().select({ n: count() }).from(users).all();
  someoneExists = (row?.n ?? 0) > 0;
  return someoneExists;
}

export function getUserByEmail(email: string): User | undefined {
  return getDb()
    .select()
    .from(users)
    .where(eq(users.email, normaliseEmail(email)))
    .get();
}

export async function createUser(input: {
  email: string;
  displayName: string;
  password: string;
  isAdmin?: boolean;
}): Promise<PublicUser> {
  const passwordHash = await hashPassword(input.password);
  const row = getDb()
    .insert(users)
    .values({
      email: normaliseEmail(input.email),
      displayName: input.displayName.trim(),
      passwordHash,
      isAdmin: input.isAdmin ?? false,
    })
    .returning({ id: users.id, email: users.email, displayName: users.displayName, isAdmin: users.isAdmin })
    .get();
  someoneExists = true;
  return row;
}

/** Creates the first admin only while the installation is empty (atomic against a double submit). */
export async function createFirstAdmin(input: {
  email: string;
  displayName: string;
  password: string;
}): Promise<PublicUser | null> {
  const passwordHash = await hashPassword(input.password);
  const db = getDb();
  return db.transaction((tx) => {
    const [row] = tx.select({ n: count() }).from(users).all();
    if ((row?.n ?? 0) > 0) return null;
    const created = tx
      .insert(users)
      .values({
        email: normaliseEmail(input.email),
        displayName: input.displayName.trim(),
        passwordHash,
        isAdmin: true,
      })
      .returning({ id: users.id, email: users.email, displayName: users.displayName, isAdmin: users.isAdmin })
      .get();
    someoneExists = true;
    return created;
  });
}
