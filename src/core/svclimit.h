/*
 * svclimit.h — the limits of a service (办事时限), pure C (no server headers).
 *
 * Two rules live here.  The working days an item's case is decided within:
 * its legal_limit (法定时限), else SA_LEGAL_DEFAULT_DAYS, 20 working days
 * (the period of 行政许可法 Art 42 ¶1: "应当自受理行政许可申请之日起二十日内
 * 作出行政许可决定"; days are working days, Art 82) — sa_item_legal_days().
 * A NULL legal_limit is an item with no legal limit (an administrative
 * licence always states one, constraint item_licence_legal_limit): the 20
 * days bound its clock and promise, and 时限缩短比例 leaves it out.
 * And the working days an item promises (承诺时限) to the applicant, which
 * start the clock of its case and of its task:
 *
 *   - an immediate item (即办件, done on the spot) promises 0 days;
 *   - any other item (承诺件) its published promised_limit,
 *   - else its legal days (sa_item_legal_days()).
 *
 * Every place that needs an item's promise asks sa_item_promised_days():
 * service_info() and the view bundle_limits (30_service_limits.sql), the
 * catalog's regression rules over row images (catalog_regression_kinds(),
 * catalog_bundles_lengthened(), 33_guides.sql) through the SQL function
 * item_promised_days() (src/service_limits.c), and route_accepted()
 * (src/routing.c) directly.  Until 2026-12-05 each spelled it.  Every
 * place that needs an item's legal days asks sa_item_legal_days(): the
 * same places through the SQL function item_legal_days(), and the item's
 * CHECK item_promised_within_legal (30_catalog.sql); until 2026-12-05 ten
 * of them spelled COALESCE(legal_limit, 20).
 *
 * The catalog (item's CHECKs) never holds a kind other than immediate or
 * promised, nor a negative limit; a row image or a caller may: an unknown
 * kind and a negative limit are refused (a status), a missing kind (NULL:
 * an image that names none) is not immediate.
 */
#ifndef SA_SVCLIMIT_H
#define SA_SVCLIMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SA_LEGAL_DEFAULT_DAYS	20	/* the clock of an item with no legal limit */

/*
 * Joint handling (统一办理, 联合办理, 集中办理: a bundle whose items belong
 * to two or more departments), 行政许可法 Art 42 ¶2: "办理的时间不得超过
 * 四十五日；四十五日内不能办结的，经本级人民政府负责人批准，可以延长十五日"
 * (working days, Art 82).  The two numbers live here only: the SQL
 * joint_handling_limits() answers them, sa_bundle_days() caps a joint
 * bundle's legal days with the first, sa_bundle_extension_days() a joint
 * case's extensions in all with the second.
 */
#define SA_JOINT_LEGAL_DAYS		45
#define SA_JOINT_EXTENSION_DAYS	15

typedef enum sa_item_kind
{
	SA_ITEM_PROMISED = 0,		/* 承诺件 (also: no kind named) */
	SA_ITEM_IMMEDIATE,			/* 即办件 */
	SA_ITEM_KIND_UNKNOWN = -1
} sa_item_kind;

typedef enum sa_svclimit_status
{
	SA_SVCLIMIT_OK = 0,
	SA_SVCLIMIT_BAD_KIND,		/* kind is neither immediate nor promised */
	SA_SVCLIMIT_NEGATIVE		/* promised_limit or legal_limit below 0 */
} sa_svclimit_status;

/*
 * The kind of an item from its name (s of len bytes, not NUL-terminated):
 * "immediate" or "promised", exactly; NULL (no kind named) is promised;
 * anything else SA_ITEM_KIND_UNKNOWN.
 */
extern sa_item_kind sa_item_kind_parse(const char *s, size_t len);

/*
 * The legal working days of an item, into *days: *legal_limit, else
 * SA_LEGAL_DEFAULT_DAYS (a NULL pointer is a limit not set).  Refused
 * (*days untouched): SA_SVCLIMIT_NEGATIVE when *legal_limit is below 0.
 */
extern sa_svclimit_status sa_item_legal_days(const int32_t *legal_limit, int32_t *days);

/*
 * The working days an item of this kind promises, into *days: 0 when
 * immediate, else *promised_limit, else its legal days
 * (sa_item_legal_days(legal_limit); a NULL pointer is a limit not set).  Refused
 * (*days untouched): SA_SVCLIMIT_BAD_KIND for SA_ITEM_KIND_UNKNOWN,
 * SA_SVCLIMIT_NEGATIVE when a limit given is below 0 (whichever the kind).
 */
extern sa_svclimit_status sa_item_promised_days(sa_item_kind kind, const int32_t *promised_limit,
												const int32_t *legal_limit, int32_t *days);

/*
 * The promised and legal working days of a bundle (the rule of the SQL
 * bundle_days(), with SQL's NULLs: a NULL pointer is a NULL argument, and
 * *_set false a NULL result):
 *
 *   legal days    = stage_legal (the sum over its stages of the largest
 *                   member legal limit), at most SA_JOINT_LEGAL_DAYS when
 *                   departments >= 2 (joint handling; a NULL stage_legal is
 *                   then SA_JOINT_LEGAL_DAYS, as SQL's LEAST ignores a NULL);
 *   promised days = when stages = 0 (a bundle being set up): promised_limit,
 *                   else 0; otherwise promised_limit, else stage_promised,
 *                   at most the legal days (NULL only when both are NULL,
 *                   as SQL's LEAST).
 */
extern void sa_bundle_days(const int32_t *promised_limit, const int32_t *stage_promised,
						   const int32_t *stage_legal, const int64_t *stages, const int64_t *departments,
						   bool *promised_set, int32_t *promised_days, bool *legal_set, int32_t *legal_days);

/*
 * The working days a case of a bundle may be extended in all (延期), from
 * stage_extension, the sum over its stages of the largest extension of a
 * task of the stage, and departments, the number of distinct departments
 * of its tasks: stage_extension, at most SA_JOINT_EXTENSION_DAYS when
 * departments >= 2 (joint handling).  The one rule of extend(), which asks
 * it of the extensions a case would have (stage_extension over the
 * extensions granted and asked: refused when the answer is less), and of
 * the catalog's regressions, which ask it of a bundle's items
 * (stage_extension over their extension_limit: the most its cases may be
 * extended; extension_lengthened when a write raises it).  A negative
 * stage_extension (none in the catalog or a task) is returned as it is.
 */
extern int32_t sa_bundle_extension_days(int32_t stage_extension, int64_t departments);

#endif
