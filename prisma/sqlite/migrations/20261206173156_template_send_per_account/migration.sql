-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_TemplateSend" (
    "appId" TEXT NOT NULL DEFAULT '',
    "msgid" TEXT NOT NULL,
    "templateId" TEXT,
    "touser" TEXT NOT NULL,
    "sentAt" DATETIME,
    "status" TEXT,
    "outcome" TEXT,
    "finishedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("appId", "msgid")
);
INSERT INTO "new_TemplateSend" ("createdAt", "finishedAt", "msgid", "outcome", "sentAt", "status", "templateId", "touser") SELECT "createdAt", "finishedAt", "msgid", "outcome", "sentAt", "status", "templateId", "touser" FROM "TemplateSend";
DROP TABLE "TemplateSend";
ALTER TABLE "new_TemplateSend" RENAME TO "TemplateSend";
CREATE INDEX "TemplateSend_sentAt_idx" ON "TemplateSend"("sentAt");
CREATE INDEX "TemplateSend_appId_finishedAt_idx" ON "TemplateSend"("appId", "finishedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
