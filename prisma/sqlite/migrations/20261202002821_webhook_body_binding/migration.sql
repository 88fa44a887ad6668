-- CreateTable
CREATE TABLE "WebhookBodyBinding" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "bodyHash" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "WebhookBodyBinding_expiresAt_idx" ON "WebhookBodyBinding"("expiresAt");
